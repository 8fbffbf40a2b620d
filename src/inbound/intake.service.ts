import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../queues/job-queue';
import { InboundRepository, type ReceivedEmail } from './inbound.repository';

export interface IntakeRequest extends Omit<ReceivedEmail, 'dedupeKey'> {
  /** Provider id of the email (SES mail.messageId); the raw bytes' SHA-256 is used otherwise. */
  providerMessageId?: string;
}

export interface IntakeReceipt {
  id: string;
  duplicateOf: string | null;
}

/**
 * The single door for inbound mail (SMTP listener, SES webhook, CLI): store the raw message,
 * then queue it. The caller acknowledges only after this returns, i.e. after the commit.
 */
@Injectable()
export class IntakeService {
  private readonly logger = new Logger(IntakeService.name);

  constructor(
    private readonly repo: InboundRepository,
    private readonly queue: JobQueue,
  ) {}

  static dedupeKey(req: Pick<IntakeRequest, 'providerMessageId' | 'raw' | 'recipient' | 'source'>): string {
    const recipient = req.recipient.toLowerCase();
    if (req.providerMessageId) return `${req.source}:${req.providerMessageId}:${recipient}`;
    return `sha256:${createHash('sha256').update(req.raw).digest('hex')}:${recipient}`;
  }

  async receive(req: IntakeRequest): Promise<IntakeReceipt> {
    const receipt = await this.repo.insertReceived({ ...req, dedupeKey: IntakeService.dedupeKey(req) });
    if (receipt.duplicateOf) return receipt;
    try {
      await this.queue.processInbound(receipt.id);
    } catch (error) {
      // The mail is safe in PostgreSQL; the recovery sweep will queue it once Redis is back.
      this.logger.warn(`could not queue inbound ${receipt.id}: ${(error as Error).message}`);
    }
    return receipt;
  }
}
