import { Injectable } from '@nestjs/common';
import { ConversationsService } from '../../conversations/conversations.service';
import { ProgramsRepository } from '../../programs/programs.repository';
import type { Delivery } from '../entities/delivery.entity';
import { tooLargeNotice } from './notice-rows';

/**
 * Notices the relay owes an author at send time. (The Cc notice is decided at intake, by
 * src/notices, which sees the inbound headers.)
 */
@Injectable()
export class RelayNotices {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly conversations: ConversationsService,
  ) {}

  /** The notice for a relayed copy over the size limit, or null when there is no author to tell. */
  async tooLarge(delivery: Delivery, bytes: number, limit: number): Promise<Partial<Delivery> | null> {
    if (delivery.kind !== 'relay' || !delivery.sourceMessageId) return null;
    const message = await this.conversations.findMessage(delivery.sourceMessageId);
    if (!message?.authorId) return null;
    const [found, thread] = await Promise.all([
      this.programs.findPairing(message.pairingId),
      this.conversations.findThread(message.threadId),
    ]);
    if (!found) return null;
    return tooLargeNotice(
      found,
      message.authorId,
      delivery,
      thread?.subject ?? message.subject ?? '',
      bytes,
      limit,
    );
  }
}
