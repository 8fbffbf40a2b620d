import { Injectable, Logger } from '@nestjs/common';
import type { DeliveryReport } from '../../inbound/checks/bounce';
import type { SesFeedbackEvent } from '../../inbound/ses/ses-events';
import { bounceTokenMatches, type BounceAddress } from './bounce-address';
import { FeedbackRepository, type DeliveryRef } from './feedback.repository';
import { BOUNCE_SCORE, SuppressionService } from './suppression.service';
import { logAddress } from '../../common/log-address';
import { AppConfig } from '../../config/app-config';

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
 * - Transient or undetermined bounce: soft (1). 4 points in 30 days suppress.
 * - DSN by mail: only one that came back to a delivery's own return path (bounce-address.ts), and
 *   only for that delivery's recipient: permanent suppresses, transient scores soft. A DSN is just
 *   an email that anyone can send; one arriving anywhere else changes nothing.
 * - Complaint: prompts and digests stop for that person; relayed conversation continues.
 * - Reject: SES refused the message after accepting the call; the delivery becomes failed.
 */
@Injectable()
export class FeedbackService {
  private readonly logger = new Logger(FeedbackService.name);

  constructor(
    private readonly repo: FeedbackRepository,
    private readonly suppressions: SuppressionService,
    private readonly config: AppConfig,
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

  /**
   * A DSN that arrived by mail at one of our return paths (parsed with parseDeliveryStatus); called
   * by the inbound pipeline. It counts only when the token matches the delivery the address names,
   * and then only for that delivery's recipient, whatever address the report itself names: the
   * return path is the proof, the report's text is not. The worst failed status decides.
   */
  async recordDsn(
    report: DeliveryReport,
    at: BounceAddress,
    receivedAt = new Date(),
  ): Promise<FeedbackOutcome> {
    const outcome: FeedbackOutcome = { recorded: 0, duplicates: 0, suppressed: [], promptsStopped: [] };
    const delivery = await this.deliveryAt(at);
    // Delays, relays and successes are progress reports, not bounces.
    const failed = report.recipients.filter((r) => r.action === 'failed');
    if (!delivery || failed.length === 0) return outcome;
    const worst = failed.find((r) => r.permanent) ?? failed[0];
    const recipient = delivery.toAddress.toLowerCase();
    const isNew = await this.repo.insertEvent({
      messageRef: delivery.messageId,
      recipient,
      type: 'bounce',
      source: 'dsn',
      deliveryId: delivery.id,
      programmeId: delivery.programmeId,
      bounceType: worst.permanent ? 'Permanent' : 'Transient',
      bounceSubType: worst.status,
      score: worst.permanent ? BOUNCE_SCORE.hard : BOUNCE_SCORE.soft,
      detail: worst.diagnosticCode?.slice(0, 1000) ?? null,
      occurredAt: receivedAt,
    });
    if (!isNew) {
      outcome.duplicates++;
      return outcome;
    }
    outcome.recorded++;
    this.logger.log(
      {
        deliveryId: delivery.id,
        type: 'bounce',
        source: 'dsn',
        permanent: worst.permanent,
        status: worst.status,
      },
      'bounce reported by mail for a delivery',
    );
    const suppressed = worst.permanent
      ? await this.suppressions.suppress(recipient, `permanent bounce (DSN ${worst.status})`, 'dsn')
      : await this.suppressions.applyScore(recipient, 'dsn', receivedAt);
    if (suppressed) outcome.suppressed.push(recipient);
    return outcome;
  }

  /** True when the address is the return path of a delivery of ours (the SMTP door asks at RCPT). */
  async isReturnPath(at: BounceAddress): Promise<boolean> {
    return (await this.deliveryAt(at)) !== null;
  }

  private async deliveryAt(at: BounceAddress): Promise<DeliveryRef | null> {
    const delivery = await this.repo.findById(at.deliveryId);
    return delivery && bounceTokenMatches(at.token, delivery.bounceToken) ? delivery : null;
  }

  private async apply(
    event: SesFeedbackEvent,
    recipient: string,
    delivery: DeliveryRef | null,
    outcome: FeedbackOutcome,
  ): Promise<void> {
    switch (event.type) {
      case 'bounce': {
        this.logger.log(
          { deliveryId: delivery?.id ?? null, type: 'bounce', source: 'ses', bounceType: event.bounceType },
          'bounce reported by SES',
        );
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
        this.logger.warn(
          {
            deliveryId: delivery?.id ?? null,
            type: 'complaint',
            recipient: logAddress(recipient, this.config.env.APP_SECRET),
            feedbackType: event.complaintFeedbackType ?? null,
          },
          'complaint reported by SES: prompts and digests stopped for the recipient',
        );
        return;
      case 'reject':
        if (delivery) await this.repo.markRejected(delivery.id, `ses reject: ${event.diagnostic ?? ''}`);
        return;
      case 'delivery':
        return;
    }
  }
}
