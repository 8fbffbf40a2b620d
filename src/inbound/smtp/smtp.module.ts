import { Module } from '@nestjs/common';
import { ProgramsModule } from '../../programs/programs.module';
import { InboundModule } from '../inbound.module';
import { SmtpListener } from './smtp-listener';

@Module({ imports: [InboundModule, ProgramsModule], providers: [SmtpListener], exports: [SmtpListener] })
export class SmtpModule {}
