import { Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConversationsModule } from '../conversations/conversations.module';
import { ProgramsModule } from '../programs/programs.module';
import { DeliveryComposerRegistry } from './delivery-composer';
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
    DeliveryComposerRegistry,
  ],
  exports: [OutboxService, OutboxRepository, MAIL_TRANSPORT, DeliveryComposerRegistry],
})
export class OutboundModule implements OnModuleInit {
  constructor(
    private readonly registry: DeliveryComposerRegistry,
    private readonly relay: RelayComposer,
  ) {}

  onModuleInit(): void {
    this.registry.register(this.relay);
  }
}
