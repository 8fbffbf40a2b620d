import { cleanIntroduction, hasAddress, PREFERRED_NAME_MAX } from '../../programs/participant-names';
import { parseAvailability } from './availability';
import { parseLanguages } from './languages';
import { matchOptions, type ProfileOptions } from './profile-options';
import { parsePreferences } from './preferences';
import {
  needsGuardian,
  questionsFor,
  isAnswered,
  type ProgrammeRules,
  type ProfileState,
  type Question,
  type QuestionKey,
} from './questions';
import { withoutLabel, splitAnswers } from './reply-answers';
import { parseAge, parseCapacity, parseEmail, parseRole } from './small-answers';
import { parseTimeZone } from './time-zone';
import { normalise } from './text-match';

export const BIO_MAX = 600;

/** A question whose answer could not be used, and why (said back to the person). */
export interface Problem {
  number: number;
  label: string;
  why: string;
}

export interface ReadResult {
  /** The profile with every usable answer applied. */
  state: ProfileState;
  accepted: QuestionKey[];
  problems: Problem[];
}

export interface ReadContext {
  rules: ProgrammeRules;
  options: ProfileOptions;
  /** The person's own addresses: a guardian's address must be someone else's. */
  ownAddresses: string[];
  /** Whether answers without numbers are read in order (not after "#profile", where all is shown). */
  inOrder: boolean;
  now: Date;
}

/**
 * Reads a reply's new text as answers to this person's questions (numbered, or in the order of
 * those still missing) and applies the usable ones; the others come back as problems. Pure.
 */
export function readReply(text: string, state: ProfileState, ctx: ReadContext): ReadResult {
  const questions = questionsFor(state, ctx.rules, ctx.options);
  const missing = questions.filter((q) => !isAnswered(q, state, ctx.rules));
  const answers = splitAnswers(
    text,
    questions.map((q) => q.number),
    ctx.inOrder ? missing.map((q) => q.number) : [],
  );
  let next: ProfileState = { ...state, answers: { ...state.answers } };
  const accepted: QuestionKey[] = [];
  const problems: Problem[] = [];
  // Role first: whether the capacity question counts depends on it.
  const ordered = [...answers.entries()].sort(([a], [b]) => (a === 1 ? -1 : b === 1 ? 1 : a - b));
  for (const [number, raw] of ordered) {
    const q = questions.find((x) => x.number === number)!;
    const answer = withoutLabel(raw, q.label).slice(0, 2000);
    const applied = applyAnswer(q, answer, next, ctx);
    if ('why' in applied) {
      problems.push({ number, label: q.label, why: applied.why });
      continue;
    }
    next = {
      ...applied,
      answers: { ...applied.answers, [q.key]: { text: answer, at: ctx.now.toISOString() } },
    };
    accepted.push(q.key);
  }
  return { state: next, accepted, problems };
}

function applyAnswer(
  q: Question,
  a: string,
  s: ProfileState,
  ctx: ReadContext,
): ProfileState | { why: string } {
  const blank = normalise(a) === '';
  if (blank) return { why: 'the answer was empty' };
  switch (q.key) {
    case 'role': {
      const role = parseRole(a);
      return role ? { ...s, roleWanted: role } : { why: 'please say mentor, mentee or either' };
    }
    case 'preferred_name': {
      const name = cleanIntroduction(
        a.split('\n')[0].replace(/^(?:i'?m|i am|call me|it'?s|my name is)\s+/i, ''),
      );
      if (!name || name.length > PREFERRED_NAME_MAX)
        return { why: `please give a name of up to ${PREFERRED_NAME_MAX} letters` };
      // Partners and circles see this name: an address in it would tell them where to write.
      if (hasAddress(name)) return { why: 'please give a first name, not an email address' };
      return { ...s, preferredName: withoutFinalStops(name) };
    }
    case 'goals':
    case 'topics': {
      const list = q.key === 'goals' ? ctx.options.goals : ctx.options.topics;
      const { keys, unmatched } = matchOptions(a, list);
      if (keys.length === 0)
        return {
          why: `"${short(unmatched.join(', '))}" is not on the list: please name one or more from it`,
        };
      return { ...s, [q.key]: keys };
    }
    case 'industry': {
      const { keys } = matchOptions(a, ctx.options.industries);
      // Not on the list: kept as written (lower case), so two people who wrote the same still match.
      return { ...s, industry: keys[0] ?? normalise(a).slice(0, 60) };
    }
    case 'languages': {
      const languages = parseLanguages(a);
      return languages.length
        ? { ...s, languages }
        : { why: 'please name the languages, e.g. "English, Spanish"' };
    }
    case 'time_zone': {
      const zone = parseTimeZone(a);
      return zone
        ? { ...s, timeZone: zone }
        : { why: 'I could not tell the time zone: please name a nearby big city' };
    }
    case 'availability': {
      const slots = parseAvailability(a);
      return slots.length
        ? { ...s, availability: slots }
        : { why: 'please name days and times, e.g. "Tuesday and Thursday evenings" or "Mon 18-20"' };
    }
    case 'bio': {
      const bio = cleanIntroduction(a);
      if (!bio || bio.length < 10) return { why: 'a sentence or two, please' };
      return { ...s, bio: bio.slice(0, BIO_MAX) };
    }
    case 'preferences':
      return { ...s, preferences: parsePreferences(a).preferences };
    case 'capacity': {
      if (s.roleWanted === 'mentee') return s;
      const capacity = parseCapacity(a);
      return capacity ? { ...s, capacity } : { why: 'please answer 1, 2 or 3' };
    }
    case 'age': {
      const age = parseAge(a);
      return age !== null ? { ...s, age } : { why: 'please answer with a number of years' };
    }
    case 'guardian_email': {
      const email = parseEmail(a);
      if (!email) {
        if (!needsGuardian(s, ctx.rules) && s.age !== null) return s;
        return { why: 'please give an email address' };
      }
      if (ctx.ownAddresses.includes(email))
        return { why: 'it must be your parent or guardian’s own address, not yours' };
      return { ...s, guardianEmail: email };
    }
  }
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function withoutFinalStops(text: string): string {
  let end = text.length;
  while (end > 1 && (text[end - 1] === '.' || text[end - 1] === '!')) end--;
  return text.slice(0, end);
}
