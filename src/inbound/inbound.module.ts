import { Module } from '@nestjs/common';
import { ConversationsModule } from '../conversations/conversations.module';
import { OutboundModule } from '../outbound/outbound.module';
import { ProgramsModule } from '../programs/programs.module';
import { InboundRepository } from './inbound.repository';
import { IntakeService } from './intake.service';
import { AttachmentStore } from './pipeline/attachment-store';
import {
  ExtractCheck,
  MalformedCheck,
  RecipientCheck,
  SenderCheck,
  TooLargeCheck,
} from './pipeline/core-checks';
import { INBOUND_CHECKS, InboundPipelineService } from './pipeline/inbound-pipeline.service';
import type { InboundCheck } from './pipeline/inbound-context';
import { SentTextLookup } from './pipeline/sent-text.lookup';

/** The order of the checks is the order of the list; each ends in one named state. */
const CHECK_CLASSES = [MalformedCheck, TooLargeCheck, RecipientCheck, SenderCheck, ExtractCheck];

@Module({
  imports: [ProgramsModule, ConversationsModule, OutboundModule],
  providers: [
    InboundRepository,
    IntakeService,
    InboundPipelineService,
    AttachmentStore,
    SentTextLookup,
    ...CHECK_CLASSES,
    {
      provide: INBOUND_CHECKS,
      inject: CHECK_CLASSES,
      useFactory: (...checks: InboundCheck[]) => checks,
    },
  ],
  exports: [IntakeService, InboundPipelineService, InboundRepository],
})
export class InboundModule {}
