import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Transactor } from '../database/transactor';
import { JobQueue } from '../queues/job-queue';
import { overLimit, senderOf } from './flood/flood-limits';
import { FloodLimitsRepository } from './flood/flood-limits.repository';
import { InboundRepository, type ReceivedEmail } from './inbound.repository';
import { held } from './pipeline/inbound-context';

export interface IntakeRequest extends Omit<ReceivedEmail, 'dedupeKey' | 'sender'> {
  /** Provider id of the email (SES mail.messageId); the raw bytes' SHA-256 is used otherwise. */
  providerMessageId?: string;
}

/**
 * What a door does with an email over a flood limit: the SMTP listener can still `refuse` it (451,
 * the sending server tries again later); SES and the CLI have accepted it already, so they `hold` it.
 */
export type OverLimitAction = 'refuse' | 'hold';

type IntakeEmail = IntakeRequest & { dedupeKey: string; sender: string | null };

export interface IntakeReceipt {
  id: string;
  duplicateOf: string | null;
  /** Set when the email was stored held over a flood limit (not queued). */
  heldFor?: string;
}

/** Over a sender or pairing limit at a door that refuses: nothing was stored. */
export class RateLimitedError extends Error {
  constructor(readonly detail: string) {
    super(`rate limited: ${detail}`);
  }
}

/**
 * The single door for inbound mail (SMTP listener, SES webhook, CLI): store the raw message,
 * then queue it. The caller acknowledges only after this returns, i.e. after the commit. Mail to
 * a pairing's relay address is counted against its programme's flood limits first, in the same
 * transaction as the insert, under advisory locks, so concurrent doors never let one more through.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    private readonly repo: InboundRepository,
    private readonly limits: FloodLimitsRepository,
    private readonly transactor: Transactor,
    private readonly queue: JobQueue,
  ) {}

  static dedupeKey(req: Pick<IntakeRequest, 'providerMessageId' | 'raw' | 'recipient' | 'source'>): string {
    const recipient = req.recipient.toLowerCase();
    if (req.providerMessageId) return `${req.source}:${req.providerMessageId}:${recipient}`;
    return `sha256:${createHash('sha256').update(req.raw).digest('hex')}:${recipient}`;
  }

  /**
   * A cheap early answer for the SMTP listener at RCPT (no lock, so not the final word), in one
   * round trip: whether `recipient` is a pairing's relay address, and if so why mail from
   * `envelopeFrom` to it would be over a limit now (null when it would not).
   */
  async atRcpt(
    envelopeFrom: string | null,
    recipient: string,
  ): Promise<{ relay: boolean; over: string | null }> {
    const sender = envelopeFrom ? envelopeFrom.toLowerCase() : null;
    const { relay, limits, counts } = await this.limits.atRcpt(recipient, sender);
    return { relay, over: limits && counts ? overLimit(counts, limits) : null };
  }

  /** Throws RateLimitedError when `onOverLimit` is `refuse` and the email is over a limit. */
  async receive(req: IntakeRequest, onOverLimit: OverLimitAction = 'hold'): Promise<IntakeReceipt> {
    const email: IntakeEmail = {
      ...req,
      dedupeKey: IntakeService.dedupeKey(req),
      sender: senderOf(req.raw, req.envelopeFrom),
    };
    // Nearly every email is under its limits: stored in one round trip. Over one, nothing was
    // stored, and the transaction below decides (again, under the same locks) what happens.
    const fast = await this.repo.receiveUnderLimits(email);
    const receipt: IntakeReceipt =
      fast !== 'over_limit' ? fast : await this.receiveOverLimit(email, onOverLimit);
    this.logReceipt(req, receipt);
    if (receipt.duplicateOf || receipt.heldFor) return receipt;
    try {
      await this.queue.processInbound(receipt.id);
    } catch (error) {
      // The mail is safe in PostgreSQL; the recovery sweep will queue it once Redis is back.
      this.logger.warn(
        { inboundId: receipt.id, err: error },
        'could not queue inbound email (the recovery sweep will)',
      );
    }
    return receipt;
  }

  /** The transactional path: the limits, the counts and the insert (held, or refused) under the locks. */
  private receiveOverLimit(email: IntakeEmail, onOverLimit: OverLimitAction): Promise<IntakeReceipt> {
    return this.transactor.run(async (tx): Promise<IntakeReceipt> => {
      const limits = await this.limits.limitsFor(email.recipient, email.sender, tx);
      if (!limits) return this.repo.insertReceived(email, null, tx);
      const counts = await this.limits.recent(email.sender, email.recipient, limits.floodWindowMinutes, tx);
      const over = overLimit(counts, limits);
      if (!over)
        return this.repo.insertReceived({ ...email, pairingMailInWindow: counts.byPairing + 1 }, null, tx);
      if (onOverLimit === 'refuse') throw new RateLimitedError(over);
      const hold = { outcome: held('rate_limited', over), pairingId: limits.pairingId };
      return { ...(await this.repo.insertReceived(email, hold, tx)), heldFor: over };
    });
  }

  private logReceipt(req: IntakeRequest, receipt: IntakeReceipt): void {
    const fields = { inboundId: receipt.id, source: req.source, bytes: req.raw.length };
    if (receipt.duplicateOf)
      this.logger.log(
        { ...fields, duplicateOf: receipt.duplicateOf },
        'inbound email received again: a duplicate',
      );
    else if (receipt.heldFor)
      this.logger.warn(
        { ...fields, status: 'held', reason: 'rate_limited', detail: receipt.heldFor },
        'inbound email received and held: over a flood limit',
      );
    else this.logger.log(fields, 'inbound email received');
  }
}
