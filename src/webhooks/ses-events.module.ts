import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SnsVerifier } from '../inbound/ses/sns-verifier';
import { OutboundModule } from '../outbound/outbound.module';
import { SesEventsController } from './ses-events.controller';
import { SES_EVENTS_VERIFIER, SesEventsService } from './ses-events.service';

/** POST /webhooks/ses/events (api role). */
@Module({
  imports: [OutboundModule],
  controllers: [SesEventsController],
  providers: [
    SesEventsService,
    {
      provide: SES_EVENTS_VERIFIER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SnsVerifier({ allowedTopicArns: config.env.SNS_TOPIC_ARNS }),
    },
  ],
})
export class SesEventsModule {}
