import { Module } from '@nestjs/common';
import { AttentionCoreModule } from '../attention/attention-core.module';
import { InboundModule } from '../inbound/inbound.module';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { ClosingCoreModule } from './closing-core.module';
import { PairingClosureService } from './pairing-closure.service';

/** Staff's closing actions (the admin's pairing page). */
@Module({
  imports: [
    ClosingCoreModule,
    ProgramsModule,
    OutboundModule,
    InboundModule,
    PromptsCoreModule,
    AttentionCoreModule,
  ],
  providers: [PairingClosureService],
  exports: [PairingClosureService, ClosingCoreModule],
})
export class ClosingModule {}
