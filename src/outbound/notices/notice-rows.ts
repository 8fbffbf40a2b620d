import type { NoticePayload } from '../../notices/notice.composer';
import { greetingName, nameOthersSee } from '../../programs/participant-names';
import type { PairingWithMembers } from '../../programs/programs.repository';
import type { Delivery } from '../entities/delivery.entity';
import { replyControls } from '../../unsubscribe/unsubscribe-links';

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The notice for a relayed copy that would exceed the provider's size limit, in the payload the
 * notices feature renders (src/notices). The author hears of it: nothing is dropped silently.
 */
export function tooLargeNotice(
  found: PairingWithMembers,
  authorId: string,
  delivery: Pick<Delivery, 'id'>,
  subject: string,
  bytes: number,
  limit: number,
): Partial<Delivery> | null {
  const author = found.members.find((m) => m.id === authorId);
  if (!author) return null;
  const relay = found.pairing.relayAddress;
  const payload: NoticePayload = {
    reason: 'delivery_too_large',
    relayAddress: relay,
    input: {
      name: 'notice-delivery-too-large',
      props: {
        lang: author.locale,
        programmeName: found.programme.name,
        recipientName: greetingName(author),
        role: author.role,
        partnerName: partnerNameOf(found.members.find((m) => m.id !== authorId)),
        // Same email-native controls as the other notices: a reply with a command.
        ...replyControls(relay),
        originalSubject: subject,
        sizeText: megabytes(bytes),
        limitText: megabytes(limit),
      },
    },
  };
  return {
    dedupeKey: `notice:too-large:${delivery.id}`,
    kind: 'notice',
    pairingId: found.pairing.id,
    recipientId: author.id,
    toAddress: author.email,
    payload: payload as unknown as Delivery['payload'],
  };
}

function partnerNameOf(partner: Parameters<typeof nameOthersSee>[0] | undefined): string {
  return partner ? nameOthersSee(partner) : 'your partner';
}
