import { findContactDetails, type ContactFilterRules } from '../inbound/checks/contact-details';
import { greetingName } from '../programs/participant-names';

// What one side of a choice may see of the other: a first name and their own words, never an
// address or a surname (the mentor's address stays private even after a "no").

/** The preferred first name; a preferred name that repeats the surname is cut to its first word. */
export function shownName(p: { name: string; preferredName?: string | null }): string {
  const shown = greetingName(p);
  const parts = p.name.trim().split(/\s+/);
  const surname = parts.length > 1 ? parts[parts.length - 1].toLowerCase() : null;
  if (surname && shown.toLowerCase().split(/\s+/).includes(surname)) return shown.split(/\s+/)[0];
  return shown;
}

/**
 * A person's own words with anything address-shaped and their surname taken out. Given the
 * programme's contact-filter rules (a youth programme's, see SafeguardingCheck), the phone
 * numbers, handles, chat links and street addresses the filter would hold in a message are cut
 * too: these words reach people not yet paired with them, outside any moderation.
 */
export function shownText(
  text: string | null | undefined,
  p: { name: string },
  contactRules?: ContactFilterRules,
): string | undefined {
  let out = (text ?? '')
    .split(/(\s+)/)
    // Any token with an @ between characters and a dot after it: an address, whatever wraps it.
    .map((token) => {
      const at = token.indexOf('@');
      return at > 0 && token.indexOf('.', at) > at + 1 ? '[address removed]' : token;
    })
    .join('')
    .trim();
  const parts = p.name.trim().split(/\s+/);
  if (parts.length > 1) {
    const surname = parts[parts.length - 1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out
      .replace(new RegExp(`\\b${surname}\\b`, 'gi'), '')
      .replace(/\s{2,}/g, ' ')
      .trim();
  }
  if (contactRules)
    for (const found of findContactDetails(out, { ...contactRules, keywords: [] }))
      if (found.text) out = out.split(found.text).join('[contact details removed]');
  return out || undefined;
}
