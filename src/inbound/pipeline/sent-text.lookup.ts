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
    const cited = [parsed.inReplyTo, ...[...parsed.references].reverse()].filter((id): id is string => !!id);
    if (cited.length === 0) return [];
    const links = await this.conversations.findLinks(pairingId, cited.slice(0, 5), tx);
    const texts: string[] = [];
    for (const link of links.filter((l) => l.direction === 'outbound').slice(0, 3)) {
      const message = await this.conversations.findMessage(link.messageRowId, tx);
      if (message) texts.push(message.newText);
    }
    return texts;
  }
}
