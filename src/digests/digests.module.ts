import { Module, type OnModuleInit } from '@nestjs/common';
import { DeliveryComposerRegistry } from '../outbound/delivery-composer';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { PromptsCoreModule } from '../prompts/prompts-core.module';
import { RenderingModule } from '../rendering/rendering.module';
import { CircleDigest } from './circle-digest';
import { CircleDigestRepository } from './circle-digest.repository';
import { DigestComposer } from './digest.composer';
import { DigestFanoutRepository } from './digest-fanout.repository';
import { DigestFanoutService } from './digest-fanout.service';
import { DigestRepository } from './digest.repository';
import { ProgrammePollCounts } from './programme-poll-counts';
import { DigestSendNowRepository } from './digest-send-now.repository';
import { DigestSendNowService } from './digest-send-now.service';

/** Weekly digests: the set-based fan-out (called by the schedule tick) and the composer. */
@Module({
  imports: [PromptsCoreModule, OutboundModule, RenderingModule, ProgramsModule],
  providers: [
    DigestRepository,
    DigestFanoutRepository,
    DigestFanoutService,
    DigestComposer,
    DigestSendNowRepository,
    DigestSendNowService,
    ProgrammePollCounts,
    CircleDigest,
    CircleDigestRepository,
  ],
  exports: [DigestFanoutService, DigestSendNowService],
})
export class DigestsModule implements OnModuleInit {
  constructor(
    private readonly registry: DeliveryComposerRegistry,
    private readonly composer: DigestComposer,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.composer);
  }
}
