import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { SesInboundService, type SesWebhookResult } from '../inbound/ses/ses-inbound.service';

@Controller('webhooks/ses')
export class SesInboundController {
  constructor(private readonly ses: SesInboundService) {}

  /** SNS delivers SES receipt notifications here; 200 only after the raw mail is committed. */
  @Post('inbound')
  @HttpCode(200)
  inbound(@Body() body: unknown): Promise<SesWebhookResult> {
    return this.ses.handle(body);
  }
}
