import type { MatchPreference } from '../../matching/match.types';
import { languageName } from './languages';

const NONE =
  /^(no|none|nope|nothing|n\/?a|no preferences?|not really|any(one)?|no strong preferences?|don'?t mind|i don'?t mind|happy with anyone)\b/i;
const HARD = /\b(must|only|need|needs|required?|has to|have to|essential|non[- ]negotiable|insist)\b/i;

/**
 * Who a person wants as a partner, as match preferences: "must speak Spanish" (hard), "prefer a
 * mentor who is first-generation" (soft). A clause with must/only/need is hard, any other soft.
 * A language names a background keyword: a person's background lists the languages they speak.
 * Clauses that say nothing recognisable are left out (the words are kept with the answer).
 */
export function parsePreferences(text: string): { preferences: MatchPreference[]; none: boolean } {
  if (NONE.test(text.trim())) return { preferences: [], none: true };
  const preferences: MatchPreference[] = [];
  const clauses = text
    .split(/[;.\n,]/)
    .flatMap((c) =>
      words(c).split(/ and (?=(?:i )?(?:must|prefer|would|ideally|need|only|should|also|someone|a ))/i),
    )
    .map((c) => c.trim())
    .filter(Boolean);
  for (const clause of clauses) {
    const pref = clausePreference(clause.toLowerCase());
    if (!pref) continue;
    const hard = HARD.test(clause);
    if (!preferences.some((p) => p.kind === pref.kind && p.value === pref.value))
      preferences.push({ ...pref, hard });
  }
  return { preferences, none: false };
}

function clausePreference(c: string): Omit<MatchPreference, 'hard'> | null {
  if (/\b(same|shared?|common)\s+language\b/.test(c)) return { kind: 'same-language' };
  for (const speaks of [
    /\bspeak(?:s|ing)?\s+([a-zà-ÿ]+(?:\s+[a-zà-ÿ]+)?)/.exec(c),
    /\b([a-zà-ÿ]+)[- ]speak(?:ing|er)\b/.exec(c),
  ]) {
    const language = speaks ? languageName(speaks[1]) : null;
    if (language) return { kind: 'background', value: language };
  }
  if (/\b(same|similar|my)\s+(industry|field|sector|line of work)\b/.test(c))
    return { kind: 'same-industry' };
  const hours = /\bwithin\s+(\d{1,2})\s*(?:h|hours?)\b/.exec(c);
  if (hours) return { kind: 'max-tz-distance', value: Number(hours[1]) };
  if (/\b(same|similar|close|nearby|my)\s+time\s*-?zones?\b/.test(c))
    return { kind: 'max-tz-distance', value: 3 };
  if (/\b(overlapping|same|shared|matching)\s+(hours|schedule|availability|free time)\b/.test(c))
    return { kind: 'shared-time' };
  const who =
    /\b(?:who (?:is|was|are|has been|identifies as)|who'?s|that is|is an?|be(?: an?)?|from(?: an?)?|with(?: an?)?) /.exec(
      words(c),
    );
  if (who) {
    const value = words(c)
      .slice(who.index + who[0].length)
      .replace(/\b(background|person|mentor|mentee|someone|please|too|also|if possible|ideally)\b/g, ' ')
      .replace(/^\s*(a|an|the)\s+/, '')
      .replace(/[^a-zà-ÿ0-9 -]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (value && value.length <= 40) return { kind: 'background', value };
  }
  return null;
}

export function preferenceText(p: MatchPreference): string {
  const strength = p.hard ? 'must' : 'prefer';
  switch (p.kind) {
    case 'same-language':
      return `${strength}: a shared language`;
    case 'same-industry':
      return `${strength}: the same industry`;
    case 'max-tz-distance':
      return `${strength}: at most ${String(p.value ?? 3)} h apart`;
    case 'shared-time':
      return `${strength}: overlapping free time`;
    case 'background':
      return `${strength}: ${String(p.value)}`;
  }
}

/** Words separated by single spaces, so the patterns above need no unbounded whitespace runs. */
function words(text: string): string {
  return text.split(/\s/).filter(Boolean).join(' ');
}
