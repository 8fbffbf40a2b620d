import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig } from '../config/app-config';
import { InboundModule } from '../inbound/inbound.module';
import { SesInboundService, SNS_VERIFIER } from '../inbound/ses/ses-inbound.service';
import { SnsVerifier } from '../inbound/ses/sns-verifier';
import { SesInboundController } from './ses-inbound.controller';
import { WebhookErrorsFilter } from './webhook-errors.filter';

@Module({
  imports: [InboundModule],
  controllers: [SesInboundController],
  providers: [
    SesInboundService,
    { provide: APP_FILTER, useClass: WebhookErrorsFilter },
    {
      provide: SNS_VERIFIER,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new SnsVerifier({ allowedTopicArns: config.env.SNS_TOPIC_ARNS }),
    },
  ],
  exports: [SNS_VERIFIER],
})
export class WebhooksModule {}
