import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { ConversationsService } from '../../conversations/conversations.service';
import { BLOB_STORAGE, type BlobStorage } from '../../storage/blob-storage';
import type { ComposedEmail, DeliveryComposer } from '../delivery-composer';
import type { RelayedMessage } from '../../conversations/conversations.repository';
import type { Delivery } from '../entities/delivery.entity';
import type { Pairing } from '../../programs/entities/pairing.entity';
import { randomKey } from '../../programs/relay-address';
import { nameOthersSee } from '../../programs/participant-names';
import { HIDDEN_ADDRESS_FILENAME, maskAddresses, viaDisplayName, type OutgoingAttachment } from '../mime';
import { escapeHtml } from '../../common/escape-html';
import { OffloadService } from '../../offload/offload.service';
import { droppedNote } from './dropped-note';
import { relayHtml, relayText, textToHtml } from './relay-body';
import { MAX_THREAD_DEPTH, threadIndexFor } from './thread-index-chain';

/** The relayed copy of a participant's message, addressed to one partner. */
@Injectable()
export class RelayComposer implements DeliveryComposer {
  readonly kind = 'relay' as const;

  constructor(
    private readonly conversations: ConversationsService,
    private readonly config: AppConfig,
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    private readonly offload: OffloadService,
  ) {}

  async compose(delivery: Delivery): Promise<ComposedEmail | { skip: string }> {
    const view =
      delivery.sourceMessageId && delivery.recipientId
        ? await this.conversations.relayView(delivery.sourceMessageId, delivery.recipientId, MAX_THREAD_DEPTH)
        : null;
    if (!view) return { skip: 'message_gone' };
    const { message, thread, found, inReplyTo, references, threadIndexRefs } = view;
    if (!found || !thread) return { skip: 'pairing_gone' };
    const { pairing, programme, members } = found;
    // A circle member who left since writing is still the author of what they wrote.
    const author = [...members, ...(found.former ?? [])].find((m) => m.id === message.authorId);
    const recipient = members.find((m) => m.id === delivery.recipientId);
    if (!author || !recipient || recipient.removedAt) return { skip: 'member_gone' };
    if (endedBefore(pairing, message)) return { skip: 'pairing_ended' };

    // Every address in what we copy from the author's email is hidden, whoever it belongs to
    // (see mask-addresses.ts for why not only the members'): quote headers and signatures (when
    // extraction was unsure the whole body is relayed), "mailto:" links, the subject.
    const ourDomain = this.config.env.RELAY_DOMAIN;
    const newText = maskAddresses(message.newText, { ourDomain });
    const subject = maskAddresses(thread.subject, { ourDomain });
    // Circles and topic rooms alike: From names the group, the footer counts who reads along.
    const circle = pairing.kind !== 'pair' && pairing.name ? pairing.name : null;
    const authorName = nameOthersSee(author);
    const footer = {
      partnerName: authorName,
      programmeName: programme.name,
      ...(circle ? { circle: { name: circle, others: members.length - 1 } } : {}),
    };
    const attachments: OutgoingAttachment[] = await Promise.all(
      message.attachments.map(async (a) => ({
        // Stored names are masked at intake already; this also covers rows stored before that.
        filename: maskAddresses(a.filename, { ourDomain, replacement: HIDDEN_ADDRESS_FILENAME }),
        contentType: a.contentType,
        // The author's Content-IDs name their machine or address (<part1.x@mentor.example>):
        // each copy gets ids of our own, and the HTML below refers to these.
        ...(a.cid ? { cid: `${randomKey(16)}@${ourDomain}` } : {}),
        content: await this.storage.get(a.key),
      })),
    );
    // The author's HTML when the reply had one: formatting, links and images where they were.
    // Parsed, sanitised and masked off the event loop, as the inbound HTML was.
    const own = message.newHtml
      ? await this.offload.run('relayedHtml', {
          stored: message.newHtml,
          cids: ownCids(message, attachments),
          mask: { ourDomain },
        })
      : null;
    // Inline images that HTML does not show (or all, without it) follow the text, as before.
    const notShown = (i: number) => !own?.shownCids.has(message.attachments[i].cid?.toLowerCase() ?? '');
    // A file left out is named to the partner, under the author's words.
    const note = droppedNote(message.droppedAttachments ?? [], { ourDomain });
    const bodyText = [own?.text ?? newText, note].filter(Boolean).join('\n\n');
    const bodyHtml = [own?.html ?? textToHtml(newText.trim()), note && noteHtml(note)]
      .filter(Boolean)
      .join('\n');
    return {
      mail: {
        from: {
          name: viaDisplayName(authorName, circle ?? programme.name),
          address: pairing.relayAddress,
        },
        replyTo: pairing.relayAddress,
        to: recipient.email,
        subject: references.length > 0 ? `Re: ${subject}` : subject,
        messageId: delivery.messageId,
        inReplyTo,
        references,
        date: message.createdAt,
        text: relayText(bodyText, footer),
        html: relayHtml(
          newText,
          footer,
          attachments
            .filter((a, i) => a.cid && a.contentType.startsWith('image/') && notShown(i))
            .map((a) => ({ cid: a.cid!, filename: a.filename })),
          bodyHtml,
        ),
        attachments,
        threadTopic: subject,
        threadIndex: threadIndexFor(thread.id, threadIndexRefs, message.id),
        loopStamp: this.config.env.RELAY_DOMAIN,
        lang: recipient.locale,
      },
    };
  }
}

/** The author's Content-ID (as written and lower-cased) to this copy's, for each inline part. */
function ownCids(message: RelayedMessage, attachments: OutgoingAttachment[]): Map<string, string> {
  const map = new Map<string, string>();
  message.attachments.forEach((a, i) => {
    const ours = attachments[i].cid;
    if (!a.cid || !ours) return;
    map.set(a.cid, ours);
    map.set(a.cid.toLowerCase(), ours);
  });
  return map;
}

function noteHtml(note: string): string {
  return `<p style="margin:1em 0 0 0;font-size:13px;color:#52606d">${escapeHtml(note)}</p>`;
}

/**
 * Whether the pairing ended before this copy may go. Ended by staff or by a rematch, it relays
 * nothing more, whenever the message was written: a copy still in the outbox (an account paused,
 * a transport retrying, a reply recorded while the end was being made) would reach someone the
 * programme has just separated, after both were told it ended. At a planned end, a message
 * written before the end still reaches the partner.
 */
function endedBefore(pairing: Pairing, message: Pick<RelayedMessage, 'createdAt'>): boolean {
  if (pairing.status !== 'ended') return false;
  if (pairing.endReason !== 'planned-end' || !pairing.endedAt) return true;
  return new Date(message.createdAt) > new Date(pairing.endedAt);
}
