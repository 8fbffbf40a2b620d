import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConversationsModule } from '../conversations/conversations.module';
import { ProgramsModule } from '../programs/programs.module';
import { DELIVERY_COMPOSERS, type DeliveryComposer } from './delivery-composer';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { RelayComposer } from './relay/relay.composer';
import { createTransport } from './transports/transport.factory';
import { MAIL_TRANSPORT } from './transports/mail-transport';

@Module({
  imports: [ConversationsModule, ProgramsModule],
  providers: [
    OutboxRepository,
    OutboxService,
    RelayComposer,
    { provide: MAIL_TRANSPORT, inject: [AppConfig], useFactory: createTransport },
    {
      provide: DELIVERY_COMPOSERS,
      inject: [RelayComposer],
      useFactory: (...composers: DeliveryComposer[]) => composers,
    },
  ],
  exports: [OutboxService, OutboxRepository, MAIL_TRANSPORT],
})
export class OutboundModule {}
