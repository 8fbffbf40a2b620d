import { Module } from '@nestjs/common';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { NudgeRepository } from './nudge.repository';
import { NudgeService } from './nudge.service';
import { FunnelRepository } from '../admin/repositories/funnel.repository';
import { StaffDigestRepository } from './staff-digest.repository';
import { StaffDigestService } from './staff-digest.service';
import { AttentionReadRepository } from './attention-read.repository';
import { AttentionService } from './attention.service';
import { PairingActionsRepository } from './pairing-actions.repository';
import { SignalsRepository } from './signals.repository';

/** The work queue's signals and health scores, for the admin, the tick's nudges and the staff digest. */
@Module({
  imports: [PromptsCoreModule, OutboundModule, ProgramsModule],
  providers: [
    SignalsRepository,
    AttentionReadRepository,
    AttentionService,
    PairingActionsRepository,
    NudgeRepository,
    NudgeService,
    StaffDigestRepository,
    StaffDigestService,
    // A plain reader of its own tables: the digest's funnel is the dashboard's.
    FunnelRepository,
  ],
  exports: [
    SignalsRepository,
    AttentionReadRepository,
    AttentionService,
    PairingActionsRepository,
    NudgeService,
    StaffDigestService,
  ],
})
export class AttentionCoreModule {}
