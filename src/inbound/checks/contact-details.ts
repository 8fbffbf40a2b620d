/**
 * Safeguarding for youth programmes: finds contact details in a message's new text, so that a
 * message which would take a conversation off the relay is held for staff (ContactDetailsCheck).
 * Each kind errs towards ordinary writing: dates, times, prices, counts and ranges of years are
 * not phone numbers, and a link is held only when it leads to a meeting, chat or social app (a
 * link to an article is how mentors share reading). Every pattern is a single pass without
 * nested repetition, so a hostile message cannot make it backtrack for long.
 */

export type ContactKind =
  | 'phone'
  | 'email'
  | 'handle'
  | 'meeting_link'
  | 'street_address'
  | 'keyword'
  | 'attachment';

export interface ContactFinding {
  kind: ContactKind;
  text: string;
}

export interface ContactFilterRules {
  /** Lower-cased domains (a subdomain matches too) and exact values (a phone, an @handle) to let through. */
  allow: string[];
  /** Lower-cased words or phrases that hold a message on their own. */
  keywords: string[];
}

/** Only the start of a long message is read: contact details are not hidden past 100,000 characters of mail. */
const MAX_SCAN = 100_000;

const EMAIL = /(?<![\p{L}\p{N}._%+'-])[\p{L}\p{N}._%+'-]+@([\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,})/gu;
/**
 * The usual ways round a filter: "zoe at gmail dot com", "zoe (at) hotmail (dot) com", and, as
 * often, the "at" spelled but the dots kept ("zoe at gmail.com", "zoe[at]gmail.co.uk") or an "@"
 * set apart by spaces ("zoe @ gmail.com"). The address ends in a common top-level domain; those
 * that are English words ("it", "in", "no", "be") are left out, so "at school.It was" is no address.
 */
const AT_FORM = String.raw`(?:\s?[([{<]\s?at\s?[)\]}>]\s?|\s+at\s+|\s+@\s*|\s*@\s+)`;
const DOT_FORM = String.raw`(?:\s?[([{<]\s?dot\s?[)\]}>]\s?|\s+dot\s+|\.)`;
const SPELLED_TLDS =
  'com|net|org|edu|gov|co|uk|io|me|info|biz|app|dev|de|fr|es|nl|ie|ca|au|nz|ch|se|dk|fi|pl|pt|br|mx|jp|ru|za|xyz|online|live|email';
const SPELLED_EMAIL = new RegExp(
  String.raw`\b[\w.+-]+${AT_FORM}[\w-]+(?:${DOT_FORM}[\w-]+)*?${DOT_FORM}(?:${SPELLED_TLDS})\b`,
  'gi',
);

/** A run of digits and the separators phone numbers use; judged by `isPhone`. */
const DIGIT_RUN = /(?:\+|\b00)?\(?\d[\d ().\-\u00a0]{5,22}\d/g;

const MEETING_HOSTS = [
  'zoom.us',
  'zoom.com',
  'meet.google.com',
  'teams.microsoft.com',
  'teams.live.com',
  'whereby.com',
  'meet.jit.si',
  'webex.com',
  'skype.com',
  'join.skype.com',
  'discord.gg',
  'discord.com',
  't.me',
  'telegram.me',
  'wa.me',
  'chat.whatsapp.com',
  'whatsapp.com',
  'signal.me',
  'snapchat.com',
  'instagram.com',
  'tiktok.com',
  'facebook.com',
  'm.me',
  'messenger.com',
  'twitter.com',
  'x.com',
  'kik.me',
  'calendly.com',
  'facetime.apple.com',
];
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"')\]]+|\b(?:[a-z0-9-]+\.)+(?:us|com|gg|me|gl|li)\/[^\s<>"')\]]*/gi;

const PLATFORMS =
  'insta(?:gram)?|ig|snap(?:chat)?|tik ?tok|whats ?app|telegram|discord|kik|wechat|facebook|fb|twitter|threads|skype|signal|messenger|line id|bereal';
const HANDLE_PHRASES = [
  new RegExp(`\\b(?:add|follow|dm|message|text|find|friend|hmu|msg|reach)\\s+me\\s+(?:on|at|@)\\s+(?:${PLATFORMS})\\b`, 'gi'),
  new RegExp(`\\bmy\\s+(?:${PLATFORMS})\\s+(?:is|handle|name|username|id)\\b`, 'gi'),
  new RegExp(`\\b(?:${PLATFORMS})\\s*(?::|-)\\s*@?[\\w.]{3,30}`, 'gi'),
  new RegExp(`\\b(?:${PLATFORMS})\\s+(?:handle|username|user name|id)\\b`, 'gi'),
];
/** "@zoe_q": an at-sign starting a word (an address has a word before it). */
const AT_HANDLE = /(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,28}[A-Za-z0-9_])/g;

const STREET_TYPES =
  'Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Close|Court|Ct|Way|Place|Pl|Terrace|Crescent|Square|Sq|Gardens|Grove|Rue|Straße|Strasse|Calle';
const STREET = new RegExp(
  `\\b\\d{1,5}[a-zA-Z]?,?\\s+(?:[A-Z][\\p{L}'-]+\\s+){1,3}(?:${STREET_TYPES})\\b`,
  'gu',
);
/** UK, US ZIP+4, Canadian, Dutch postcodes: on their own, a postcode says where someone lives. */
const POSTCODE = /\b(?:[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|\d{5}-\d{4}|[A-Z]\d[A-Z]\s\d[A-Z]\d|\d{4}\s?[A-Z]{2}(?=,? ?\p{Lu}))\b/gu;
const FLAT = /\b(?:apartment|apt|flat|unit|suite) ?#? ?\d+[a-z]?\b/gi;

/** Dates (12/05/2024, 2024-05-12, 12.05.24), times (10:30, 10.30-11.45) and year ranges (2019-2023). */
const DATE_LIKE = /^(?:\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|\d{1,2}[:.]\d{2}(?:\s*-\s*\d{1,2}[:.]\d{2})?|(?:19|20)\d{2}\s*-\s*(?:19|20)?\d{2})$/;

const DATES_TIMES_IPS =
  /\b(?:\d{1,3}(?:\.\d{1,3}){3}|\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?)\b/g;

function digitsOf(text: string): string {
  return text.replace(/\D/g, '');
}

/** Whether a run of digits is a phone number rather than a date, a time, a price or a count. */
function isPhone(run: string, before: string, after: string): boolean {
  const trimmed = run.trim();
  const digits = digitsOf(trimmed);
  if (digits.length < 7 || digits.length > 15) return false;
  if (DATE_LIKE.test(trimmed)) return false;
  // A price or an amount: a currency sign or word next to it, a percentage, a decimal part.
  if (/[$€£¥₹]\s*$/.test(before) || /^\s*(?:%|€|\$|£|eur|usd|gbp|dollars|pounds|k\b|m\b)/i.test(after))
    return false;
  // Separated groups: a phone number's groups are 2-5 digits; "1 000 000" is a count, "1.5.2024" a date.
  const groups = trimmed.split(/[ ().\-\u00a0]+/).filter(Boolean);
  if (groups.length > 1 && groups.slice(1).every((g) => g.length === 3) && groups[0].length <= 3 && !trimmed.startsWith('+') && !/^0/.test(trimmed))
    return false;
  // Years side by side ("2019 2020 2021"): a list, not a number to call.
  if (groups.length > 1 && groups.every((g) => /^(?:19|20)\d{2}$/.test(g))) return false;
  // Two separated numbers with a hyphen between them: a range ("100-200", "9-5").
  if (/^\d+\s*-\s*\d+$/.test(trimmed) && groups.every((g) => g.length <= 4)) return false;
  return true;
}

function domainAllowed(domain: string, allow: string[]): boolean {
  const d = domain.toLowerCase().replace(/^www\./, '');
  return allow.some((a) => d === a || d.endsWith(`.${a}`));
}

function hostOf(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '');
  return bare.split(/[/?#:]/)[0].toLowerCase();
}

function valueAllowed(value: string, allow: string[]): boolean {
  const v = value.toLowerCase();
  const digits = digitsOf(v);
  return allow.some((a) => a === v || (digits.length >= 7 && digitsOf(a) === digits && /^[+\d\s().-]+$/.test(a)));
}

/** Every contact detail in `text` the rules do not allow, in order of kind. */
export function findContactDetails(input: string, rules: ContactFilterRules): ContactFinding[] {
  const text = input.slice(0, MAX_SCAN);
  const found: ContactFinding[] = [];
  const add = (kind: ContactKind, value: string) => found.push({ kind, text: value.trim() });

  for (const m of text.matchAll(EMAIL))
    if (!domainAllowed(m[1], rules.allow) && !valueAllowed(m[0], rules.allow)) add('email', m[0]);
  for (const m of text.matchAll(SPELLED_EMAIL)) add('email', m[0]);

  for (const m of text.matchAll(URL)) {
    const host = hostOf(m[0]);
    if (MEETING_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) && !domainAllowed(host, rules.allow))
      add('meeting_link', m[0]);
  }

  // Numbers inside an address or a link were judged with it; a date, a time or an IP address next
  // to another number ("2024-01-15 14:30", "127.0.0.1 52698") is not one long number.
  const withoutLinks = text.replace(URL, ' ').replace(EMAIL, ' ');
  const numbers = withoutLinks.replace(DATES_TIMES_IPS, ' ');
  for (const m of numbers.matchAll(DIGIT_RUN)) {
    const at = m.index;
    const before = numbers.slice(Math.max(0, at - 4), at);
    const after = numbers.slice(at + m[0].length, at + m[0].length + 8);
    if (isPhone(m[0], before, after) && !valueAllowed(m[0], rules.allow)) add('phone', m[0]);
  }

  for (const re of HANDLE_PHRASES) for (const m of withoutLinks.matchAll(re)) add('handle', m[0]);
  for (const m of withoutLinks.matchAll(AT_HANDLE)) if (!valueAllowed(m[0], rules.allow)) add('handle', m[0]);

  for (const re of [STREET, POSTCODE, FLAT]) for (const m of withoutLinks.matchAll(re)) add('street_address', m[0]);

  const lower = text.toLowerCase();
  for (const word of rules.keywords) {
    const w = word.trim().toLowerCase();
    if (!w) continue;
    const escaped = w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(lower)) add('keyword', word);
  }
  return found;
}

/** For the held email's detail and the moderation page: the kinds found, e.g. "phone number, email address". */
export function describeFindings(findings: ContactFinding[]): string {
  const names: Record<ContactKind, string> = {
    phone: 'phone number',
    email: 'email address',
    handle: 'social-media handle',
    meeting_link: 'meeting or chat link',
    street_address: 'street address',
    keyword: 'flagged word',
    attachment: 'attachment',
  };
  return [...new Set(findings.map((f) => names[f.kind]))].join(', ');
}
