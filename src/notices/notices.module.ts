import { Module, type OnModuleInit } from '@nestjs/common';
import { DeliveryComposerRegistry } from '../outbound/delivery-composer';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { RenderingModule } from '../rendering/rendering.module';
import { NoticeComposer } from './notice.composer';
import { NoticePolicyService } from './notice-policy.service';
import { NoticeRepository } from './notice.repository';

@Module({
  imports: [OutboundModule, RenderingModule, ProgramsModule],
  providers: [NoticeRepository, NoticeComposer, NoticePolicyService],
  exports: [NoticePolicyService, NoticeRepository],
})
export class NoticesModule implements OnModuleInit {
  constructor(
    private readonly registry: DeliveryComposerRegistry,
    private readonly composer: NoticeComposer,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.composer);
  }
}
