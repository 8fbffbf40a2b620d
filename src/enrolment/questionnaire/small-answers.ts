import type { RoleWanted } from '../entities/participant-profile.entity';

const MENTEE =
  /\b(mentee|be mentored|being mentored|get mentored|find (?:a )?mentor|looking for (?:a )?mentor|need (?:a )?mentor|want (?:a )?mentor|get (?:a )?mentor|have (?:a )?mentor|(?:looking for|get|receive|want|need) mentoring|learner|student)\b/i;
const MENTOR =
  /\b(mentor|mentoring|to mentor|be a mentor|volunteer as a mentor|give back|help (?:a )?(?:young|student|mentee)s?)\b/i;
const EITHER = /\b(either|both|whichever|don'?t mind|no preference)\b/i;

/**
 * The role a text clearly asks for, or null. "I'd like to find a mentor" is a mentee, "I'd love to
 * mentor" a mentor; a text naming both, or "either", is `either` only when it says so.
 */
export function parseRole(text: string): RoleWanted | null {
  if (EITHER.test(text)) return 'either';
  const menteeHit = MENTEE.test(text);
  // "looking for a mentor" holds "mentor": take the mentee phrases out before looking for a mentor one.
  const rest = text.replace(new RegExp(MENTEE.source, 'gi'), ' ');
  const mentorHit = MENTOR.test(rest);
  if (menteeHit && mentorHit) return null;
  if (menteeHit) return 'mentee';
  if (mentorHit) return 'mentor';
  return null;
}

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  a: 1,
  an: 1,
  single: 1,
};

/** A mentor's capacity: 1 to 3 mentees ("2", "two mentees", "up to 3"); null otherwise. */
export function parseCapacity(text: string): number | null {
  const m = /\b(\d+|one|two|three|four|five|single)\b/i.exec(text);
  if (!m) return null;
  const n = /^\d+$/.test(m[1]) ? Number(m[1]) : NUMBER_WORDS[m[1].toLowerCase()];
  return n >= 1 && n <= 3 ? n : null;
}

/** An age in years ("15", "I'm 16 years old"); null when none between 5 and 120. */
export function parseAge(text: string): number | null {
  const m = /\b(\d{1,3})\b/.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 5 && n <= 120 ? n : null;
}

const EMAIL = /^[^@]+@[^@]+\.[a-z]{2,}$/i;

/** The first email address in the text ("my mum: maria@example.org."), lower-cased. */
export function parseEmail(text: string): string | null {
  const tokens = text
    .split(/[\s<>,;"'()]/)
    .map((t) => (t.endsWith('.') || t.endsWith(':') ? t.slice(0, -1) : t));
  return tokens.find((t) => EMAIL.test(t))?.toLowerCase() ?? null;
}

/**
 * A clear no to the confirmation: the reply's first line says no, stop or not interested, and
 * nothing more. "No problem, count me in!" is a yes: any other reply confirms.
 */
export function isClearNo(text: string): boolean {
  let first = (text.trim().split('\n')[0] ?? '').trim().toLowerCase();
  while (first.endsWith('.') || first.endsWith('!')) first = first.slice(0, -1);
  return /^(no|nope|stop|unsubscribe|cancel|not interested|no,? thanks?|no,? thank you|no,? not interested|remove me|please remove me|i'?m not interested|i am not interested|i (?:do not|don'?t) want to (?:join|take part|do this))$/.test(
    first,
  );
}
