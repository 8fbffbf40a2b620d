import { Module, type OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ConversationsModule } from '../conversations/conversations.module';
import { ProgramsModule } from '../programs/programs.module';
import { DeliveryComposerRegistry } from './delivery-composer';
import { FeedbackRepository } from './feedback/feedback.repository';
import { FeedbackService } from './feedback/feedback.service';
import { SuppressionRepository } from './feedback/suppression.repository';
import { SuppressionService } from './feedback/suppression.service';
import { RelayNotices } from './notices/relay-notices.service';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { RelayComposer } from './relay/relay.composer';
import { PauseRepository } from './sending/pause.repository';
import { OutboundPauseService } from './sending/pause.service';
import { SendPacer } from './sending/send-pacer';
import { SenderPresence } from './sending/sender-presence';
import { SenderPresenceRepository } from './sending/sender-presence.repository';
import { MAIL_TRANSPORT } from './transports/mail-transport';
import { SesClientModule } from './transports/ses-client.module';
import { createTransport, SES_CLIENT } from './transports/transport.factory';

@Module({
  imports: [ConversationsModule, ProgramsModule, SesClientModule],
  providers: [
    OutboxRepository,
    OutboxService,
    RelayComposer,
    RelayNotices,
    SendPacer,
    { provide: MAIL_TRANSPORT, inject: [AppConfig, SES_CLIENT, SendPacer], useFactory: createTransport },
    DeliveryComposerRegistry,
    PauseRepository,
    OutboundPauseService,
    SenderPresence,
    SenderPresenceRepository,
    SuppressionRepository,
    SuppressionService,
    FeedbackRepository,
    FeedbackService,
  ],
  exports: [
    OutboxService,
    OutboxRepository,
    MAIL_TRANSPORT,
    SesClientModule,
    DeliveryComposerRegistry,
    FeedbackService,
    FeedbackRepository,
    SuppressionService,
    OutboundPauseService,
  ],
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
