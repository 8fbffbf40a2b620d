import { Injectable, Logger } from '@nestjs/common';
import type { DeliveryReport } from '../../inbound/checks/bounce';
import type { SesFeedbackEvent } from '../../inbound/ses/ses-events';
import { FeedbackRepository, type DeliveryRef } from './feedback.repository';
import { BOUNCE_SCORE, SuppressionService } from './suppression.service';

export interface FeedbackOutcome {
  recorded: number;
  duplicates: number;
  suppressed: string[];
  promptsStopped: string[];
}

/**
 * What the world tells us about mail we sent: SES events (bounce, complaint, delivery, reject)
 * and delivery status notifications that come back by mail. Each event is recorded once per
 * (message, recipient, type); recording it again (SNS retries) changes nothing.
 *
 * - SES permanent bounce: the address is suppressed at once.
 * - Transient or undetermined bounce: soft (1); a DSN by mail scores hard (2) for 5.x.x and soft
 *   otherwise, and suppresses at once only when it names a delivery of ours to that recipient (a
 *   DSN is just an email; anyone can send one). 4 points in 30 days suppress.
 * - Complaint: prompts and digests stop for that person; relayed conversation continues.
 * - Reject: SES refused the message after accepting the call; the delivery becomes failed.
 */
@Injectable()
export class FeedbackService {
  private readonly logger = new Logger(FeedbackService.name);

  constructor(
    private readonly repo: FeedbackRepository,
    private readonly suppressions: SuppressionService,
  ) {}

  async recordSesEvents(events: SesFeedbackEvent[]): Promise<FeedbackOutcome> {
    const outcome: FeedbackOutcome = { recorded: 0, duplicates: 0, suppressed: [], promptsStopped: [] };
    for (const event of events) {
      const recipient = event.recipient.toLowerCase();
      const delivery = await this.repo.findBySesId(event.sesMessageId);
      const soft = event.type === 'bounce' && event.bounceType !== 'Permanent';
      const isNew = await this.repo.insertEvent({
        messageRef: event.sesMessageId,
        recipient,
        type: event.type,
        source: 'ses',
        deliveryId: delivery?.id ?? null,
        programmeId: delivery?.programmeId ?? null,
        bounceType: event.bounceType ?? null,
        bounceSubType: event.bounceSubType ?? null,
        score: soft ? BOUNCE_SCORE.soft : 0,
        detail: (event.diagnostic ?? event.complaintFeedbackType ?? null)?.slice(0, 1000) ?? null,
        occurredAt: event.timestamp,
      });
      if (!isNew) {
        outcome.duplicates++;
        continue;
      }
      outcome.recorded++;
      await this.apply(event, recipient, delivery, outcome);
    }
    return outcome;
  }

  /** A DSN that arrived by mail (parsed with parseDeliveryStatus); called by the inbound pipeline. */
  async recordDsn(report: DeliveryReport, receivedAt = new Date()): Promise<FeedbackOutcome> {
    const outcome: FeedbackOutcome = { recorded: 0, duplicates: 0, suppressed: [], promptsStopped: [] };
    const messageId = report.originalMessageId?.replace(/^<|>$/g, '').trim() || null;
    const delivery = messageId ? await this.repo.findByMessageId(messageId) : null;
    for (const r of report.recipients) {
      // Delays, relays and successes are progress reports, not bounces.
      if (r.action !== 'failed') continue;
      const recipient = r.finalRecipient.toLowerCase();
      const ours = delivery !== null && delivery.toAddress.toLowerCase() === recipient;
      const isNew = await this.repo.insertEvent({
        // Without the original id, one event per recipient and day keeps a DSN storm from scoring.
        messageRef: messageId ?? `dsn-without-id:${receivedAt.toISOString().slice(0, 10)}`,
        recipient,
        type: 'bounce',
        source: 'dsn',
        deliveryId: ours ? delivery.id : null,
        programmeId: ours ? delivery.programmeId : null,
        bounceType: r.permanent ? 'Permanent' : 'Transient',
        bounceSubType: r.status,
        score: r.permanent ? BOUNCE_SCORE.hard : BOUNCE_SCORE.soft,
        detail: r.diagnosticCode?.slice(0, 1000) ?? null,
        occurredAt: receivedAt,
      });
      if (!isNew) {
        outcome.duplicates++;
        continue;
      }
      outcome.recorded++;
      const suppressed =
        r.permanent && ours
          ? await this.suppressions.suppress(recipient, `permanent bounce (DSN ${r.status})`, 'dsn')
          : await this.suppressions.applyScore(recipient, 'dsn', receivedAt);
      if (suppressed) outcome.suppressed.push(recipient);
    }
    return outcome;
  }

  private async apply(
    event: SesFeedbackEvent,
    recipient: string,
    delivery: DeliveryRef | null,
    outcome: FeedbackOutcome,
  ): Promise<void> {
    switch (event.type) {
      case 'bounce': {
        const suppressed =
          event.bounceType === 'Permanent'
            ? await this.suppressions.suppress(
                recipient,
                `permanent bounce (${event.bounceSubType ?? 'General'})${event.diagnostic ? `: ${event.diagnostic}` : ''}`,
                'ses',
              )
            : await this.suppressions.applyScore(recipient, 'ses', event.timestamp);
        if (suppressed) outcome.suppressed.push(recipient);
        return;
      }
      case 'complaint':
        if ((await this.repo.stopPrompts(recipient)) > 0) outcome.promptsStopped.push(recipient);
        this.logger.warn(`complaint from ${recipient} (${event.complaintFeedbackType ?? 'no type'})`);
        return;
      case 'reject':
        if (delivery) await this.repo.markRejected(delivery.id, `ses reject: ${event.diagnostic ?? ''}`);
        return;
      case 'delivery':
        return;
    }
  }
}
