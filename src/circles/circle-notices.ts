import type { Delivery } from '../outbound/entities/delivery.entity';
import type { NoticePayload } from '../notices/notice.composer';
import type { Participant } from '../programs/entities/participant.entity';
import { greetingName } from '../programs/participant-names';
import type { PairingWithMembers } from '../programs/programs.repository';
import type { CircleChangeProps } from '../rendering/template-props';
import { replyControls } from '../unsubscribe/unsubscribe-links';

type Change = Pick<CircleChangeProps, 'change'> &
  Partial<Pick<CircleChangeProps, 'memberName' | 'leadsText'>>;

/**
 * A circle-change notice to one person, from the circle's address, in the payload the notices
 * feature renders. `key` makes it once per cause (the inbound email, or a staff action).
 */
export function circleNotice(
  found: PairingWithMembers,
  to: Participant,
  change: Change,
  key: string,
): Partial<Delivery> {
  const relay = found.pairing.relayAddress;
  const payload: NoticePayload = {
    reason: `circle_${change.change}`,
    relayAddress: relay,
    input: {
      name: 'notice-circle-change',
      props: {
        lang: to.locale,
        programmeName: found.programme.name,
        recipientName: greetingName(to),
        role: to.role,
        partnerName: found.pairing.name ?? found.programme.name,
        ...replyControls(relay),
        circleName: found.pairing.name ?? found.programme.name,
        change: change.change,
        memberName: change.memberName ?? '',
        leadsText: change.leadsText ?? '',
      },
    },
  };
  return {
    dedupeKey: `notice:circle:${key}:${change.change}:${to.id}`,
    kind: 'notice',
    pairingId: found.pairing.id,
    recipientId: to.id,
    toAddress: to.email,
    payload: payload as unknown as Delivery['payload'],
  };
}

export const leadsOf = (found: PairingWithMembers) => found.members.filter((m) => m.role === 'mentor');

/**
 * The one current member (not a lead, not `self`) that `name` names: full name, or the name
 * greetings use, case-insensitive. Null when none or several match.
 */
export function memberNamed(found: PairingWithMembers, name: string, self: string): Participant | null {
  const want = name.toLowerCase();
  const matches = found.members.filter(
    (m) =>
      m.id !== self &&
      m.role === 'mentee' &&
      (m.name.toLowerCase() === want || greetingName(m).toLowerCase() === want),
  );
  return matches.length === 1 ? matches[0] : null;
}
