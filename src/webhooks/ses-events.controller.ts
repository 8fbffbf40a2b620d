import { Body, Controller, HttpCode, Post, UseFilters } from '@nestjs/common';
import { SesEventsService, type SesEventsResult } from './ses-events.service';
import { WebhookErrorsFilter } from './webhook-errors.filter';

@Controller('webhooks/ses')
@UseFilters(WebhookErrorsFilter)
export class SesEventsController {
  constructor(private readonly events: SesEventsService) {}

  /** SNS delivers SES bounces, complaints, deliveries and rejects here. */
  @Post('events')
  @HttpCode(200)
  handle(@Body() body: unknown): Promise<SesEventsResult> {
    return this.events.handle(body);
  }
}
