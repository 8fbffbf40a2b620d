import { Module } from '@nestjs/common';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { AttentionReadRepository } from './attention-read.repository';
import { AttentionService } from './attention.service';
import { PairingActionsRepository } from './pairing-actions.repository';
import { SignalsRepository } from './signals.repository';

/** The work queue's signals and health scores, for the admin, the tick's nudges and the staff digest. */
@Module({
  imports: [PromptsCoreModule],
  providers: [SignalsRepository, AttentionReadRepository, AttentionService, PairingActionsRepository],
  exports: [SignalsRepository, AttentionReadRepository, AttentionService, PairingActionsRepository],
})
export class AttentionCoreModule {}
