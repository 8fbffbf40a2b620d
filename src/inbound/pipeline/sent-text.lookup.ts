import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConversationsRepository } from '../../conversations/conversations.repository';
import type { ParsedInbound } from '../parsing/parse-inbound';

/**
 * The texts of what we sent that this reply quotes: when In-Reply-To or References point at an
 * email we sent, the extractor can remove our own text from the quote exactly, in any language.
 */
@Injectable()
export class SentTextLookup {
  constructor(private readonly conversations: ConversationsRepository) {}

  async forReply(pairingId: string, parsed: ParsedInbound, tx: EntityManager): Promise<string[]> {
    const cited = [parsed.inReplyTo, ...[...parsed.references].reverse()]
      .filter((id): id is string => !!id)
      .slice(0, 5);
    if (cited.length === 0) return [];
    // One round trip for links and texts; the order (In-Reply-To first) and the cap stay as cited.
    const byId = await this.conversations.sentTextsByMessageId(pairingId, [...new Set(cited)], tx);
    return cited
      .map((id) => byId.get(id))
      .filter((text): text is string => text !== undefined)
      .slice(0, 3);
  }
}
