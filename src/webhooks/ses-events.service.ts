import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { parseSesEventNotification } from '../inbound/ses/ses-events';
import type { HttpGet } from '../inbound/ses/sns-subscription';
import type { SnsVerifier } from '../inbound/ses/sns-verifier';
import { FeedbackService, type FeedbackOutcome } from '../outbound/feedback/feedback.service';

export const SES_EVENTS_VERIFIER = Symbol('SES_EVENTS_VERIFIER');
/** The GET that confirms an SNS subscription; tests replace it. */
export const SES_EVENTS_HTTP_GET = Symbol('SES_EVENTS_HTTP_GET');

export type SesEventsResult =
  | { status: 'subscribed' }
  | { status: 'ignored'; type: string }
  | ({ status: 'recorded' } & Pick<FeedbackOutcome, 'recorded' | 'duplicates'>);

/**
 * SES feedback arriving through SNS: verified (signature, allowed topic) before anything is read,
 * subscriptions confirmed only for allowed topics, events recorded idempotently. Answering 200
 * only after the events are committed makes SNS retry anything we could not store.
 */
@Injectable()
export class SesEventsService {
  private readonly logger = new Logger(SesEventsService.name);

  constructor(
    @Inject(SES_EVENTS_VERIFIER) private readonly verifier: SnsVerifier,
    private readonly feedback: FeedbackService,
    @Optional() @Inject(SES_EVENTS_HTTP_GET) private readonly httpGet?: HttpGet,
  ) {}

  async handle(body: unknown): Promise<SesEventsResult> {
    const envelope = await this.verifier.verify(body);
    if (envelope.Type === 'SubscriptionConfirmation') {
      await this.verifier.confirmSubscription(envelope, this.httpGet);
      this.logger.log(`confirmed SNS subscription to ${envelope.TopicArn}`);
      return { status: 'subscribed' };
    }
    if (envelope.Type !== 'Notification') return { status: 'ignored', type: envelope.Type };
    const events = parseSesEventNotification(envelope.Message);
    const outcome = await this.feedback.recordSesEvents(events);
    return { status: 'recorded', recorded: outcome.recorded, duplicates: outcome.duplicates };
  }
}
