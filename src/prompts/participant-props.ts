import type { ParticipantProps, ParticipantRole } from '../rendering/template-props';
import { greetingName, nameOthersSee } from '../programs/participant-names';
import { pauseMailto, type UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';

export interface PropsSource {
  recipient: {
    id: string;
    name: string;
    preferredName?: string | null;
    role: ParticipantRole;
    locale: string;
  };
  partnerNames: string[];
  programmeName: string;
  relayAddress: string;
}

const LANG_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/** The part every prompt, poll, digest and confirmation shares: names, language, footer links. */
export function participantProps(src: PropsSource, links: UnsubscribeLinks): ParticipantProps {
  return {
    lang: LANG_TAG.test(src.recipient.locale) ? src.recipient.locale : 'en',
    programmeName: src.programmeName,
    recipientName: greetingName(src.recipient),
    role: src.recipient.role,
    // Callers pass nameOthersSee's names; this cleans again for those that pass raw ones.
    partnerName: src.partnerNames.map((name) => nameOthersSee({ name })).join(' & ') || 'your partner',
    pauseUrl: pauseMailto(src.relayAddress),
    unsubscribeUrl: links.url(src.recipient.id),
  };
}

/** RFC 2919 List-Id per programme and stream, e.g. "prompts.bright-futures.relay.example". */
export function listId(stream: 'prompts' | 'digests', programmeSlug: string, relayDomain: string): string {
  const slug = programmeSlug.toLowerCase().replace(/[^a-z0-9-]/g, '-') || 'programme';
  return `${stream}.${slug}.${relayDomain}`;
}
