import { DeskModule } from '../../desk/desk.module';
import { Module } from '@nestjs/common';
import { OutboundModule } from '../../outbound/outbound.module';
import { ProgramsModule } from '../../programs/programs.module';
import { InboundModule } from '../inbound.module';
import { SmtpListener } from './smtp-listener';

@Module({
  imports: [InboundModule, ProgramsModule, OutboundModule, DeskModule],
  providers: [SmtpListener],
  exports: [SmtpListener],
})
export class SmtpModule {}
