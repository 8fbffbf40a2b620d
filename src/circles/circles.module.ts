import { Module, type OnModuleInit } from '@nestjs/common';
import { InboundModule } from '../inbound/inbound.module';
import { ReplyHookRegistry } from '../inbound/pipeline/reply-hooks';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { CircleCommandHook } from './circle-command.hook';
import { CirclesService } from './circles.service';

/** Circles (group mentoring on one relay address): their email commands and staff actions. */
@Module({
  imports: [InboundModule, OutboundModule, ProgramsModule],
  providers: [CirclesService, CircleCommandHook],
  exports: [CirclesService],
})
export class CirclesModule implements OnModuleInit {
  constructor(
    private readonly hooks: ReplyHookRegistry,
    private readonly commands: CircleCommandHook,
  ) {}

  onModuleInit(): void {
    this.hooks.register(this.commands);
  }
}
