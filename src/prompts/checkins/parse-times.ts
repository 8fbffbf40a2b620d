import { DateTime, Info } from 'luxon';
import { addDays, localDateOf, localInstant, weekdayOf, type LocalDate } from '../schedule/local-time';

/** What a mentor's reply to the video check-in proposes. */
export interface ProposedTimes {
  /** The instants proposed, in the order written, without repeats. */
  times: Date[];
  /** The lines that are not times, as written (blank lines at the ends removed). */
  note: string;
  /** The first http(s) link in the note: the call's video link. */
  videoLink: string | null;
  /** Lines that look like a time but could not be used, each with why. */
  unreadable: { line: string; why: string }[];
}

export interface ParseTimesOptions {
  /** The writer's IANA zone: every time is read as wall-clock time there. */
  zone: string;
  /** The writer's locale: month and weekday names in it are read besides English; en-US reads 01/02 as 2 January's US order. */
  locale: string;
  now: Date;
}

/** A pick is one digit, so at most nine times. */
export const MAX_PROPOSED_TIMES = 9;
// Hostile input stays cheap: a reply is read line by line, and only this much of it.
const MAX_LINES = 200;
const MAX_LINE_CHARS = 200;

type Token =
  | { t: 'time'; hour: number; minute: number; meridiem: boolean }
  | { t: 'number'; n: number }
  | { t: 'date'; day: number; month: number; year?: number }
  | { t: 'numeric-pair'; a: number; b: number; year?: number; dot: boolean }
  | { t: 'month'; month: number }
  | { t: 'weekday'; weekday: number }
  | { t: 'relative'; days: number }
  | { t: 'year'; year: number }
  /** am/pm; null for a 24-hour marker ("18 Uhr", "6 o'clock"). */
  | { t: 'meridiem'; pm: boolean | null }
  | { t: 'range' }
  | { t: 'filler' }
  | { t: 'word' };

type LineResult = { kind: 'time'; at: Date } | { kind: 'note' } | { kind: 'unreadable'; why: string };

const FILLERS = new Set([
  'at',
  'on',
  '@',
  'or',
  'from',
  'the',
  'of',
  'um',
  'a',
  'le',
  'am',
  'ab',
  'vers',
  '|',
]);
const RANGE = new Set(['-', 'to', 'until', 'till', 'bis', 'a', 'au']);
const RELATIVE: Record<string, number> = { today: 0, tonight: 0, tomorrow: 1, tmrw: 1 };

/** Reads a reply line by line: lines holding a day and a time are proposals, the others a note. */
export function parseProposedTimes(text: string, opts: ParseTimesOptions): ProposedTimes {
  const names = namesFor(opts.locale);
  const times: Date[] = [];
  const noteLines: string[] = [];
  const unreadable: { line: string; why: string }[] = [];
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n').slice(0, MAX_LINES)) {
    const line = raw.trim();
    const result = line ? readLine(line.slice(0, MAX_LINE_CHARS), names, opts) : { kind: 'note' as const };
    if (result.kind === 'time') {
      if (times.some((t) => t.getTime() === result.at.getTime())) continue;
      if (times.length < MAX_PROPOSED_TIMES) times.push(result.at);
      else unreadable.push({ line, why: `at most ${MAX_PROPOSED_TIMES} times` });
      continue;
    }
    if (result.kind === 'unreadable') unreadable.push({ line, why: result.why });
    noteLines.push(raw.trimEnd());
  }
  const note = noteLines.join('\n').trim();
  return { times, note, videoLink: firstLink(note), unreadable };
}

function readLine(line: string, names: Names, opts: ParseTimesOptions): LineResult {
  const first = readTokens(line, names, opts);
  if (first.kind === 'time') return first;
  // "1. Tue 14 Jan 18:00" or "- Thursday 7:30pm": a list marker before the time.
  const unlisted = line.replace(/^(?:[-*•]|\(?\d\)|\d\.)\s+/, '');
  if (unlisted === line) return first;
  const second = readTokens(unlisted, names, opts);
  return second.kind === 'note' ? first : second;
}

function readTokens(line: string, names: Names, opts: ParseTimesOptions): LineResult {
  const tokens = tokenize(line, names);
  if (tokens.some((t) => t.t === 'word')) return { kind: 'note' };
  const merged = mergeMeridiems(tokens);
  if (!merged) return { kind: 'note' };
  const { time, day } = dayAndTime(merged, opts.locale);
  if (!time && !day) return { kind: 'note' };
  if (time === 'many') return { kind: 'unreadable', why: 'one time per line, please' };
  if (!time) return { kind: 'note' };
  if (!day) return { kind: 'unreadable', why: 'which day?' };
  const date = resolveDate(day, time, opts);
  if ('why' in date) return { kind: 'unreadable', why: date.why };
  return { kind: 'time', at: date.at };
}

function tokenize(line: string, names: Names): Token[] {
  const folded = line
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\b([ap])\.m\.?/g, '$1m');
  const tokens: Token[] = [];
  for (const piece of folded.split(/[\s,;()]+/)) {
    if (!piece) continue;
    // "18:00-18:30": a range; only its start counts.
    const parts = /^\d{4}-\d{1,2}-\d{1,2}$/.test(piece) ? [piece] : piece.split(/[-–—]/);
    parts.forEach((part, i) => {
      if (i > 0) tokens.push({ t: 'range' });
      if (part)
        tokens.push(
          classify(
            part.replace(/[.!?:]$/, (m) => (/^\d{1,2}\.$/.test(part) ? m : '')),
            names,
          ),
        );
    });
  }
  return tokens;
}

function classify(token: string, names: Names): Token {
  let m: RegExpExecArray | null;
  if ((m = /^(\d{1,2})[:h.](\d{2})(am|pm)?$/.exec(token))) {
    if (token.includes('.') && !m[3]) return { t: 'numeric-pair', a: +m[1], b: +m[2], dot: true };
    return meridiemTime(+m[1], +m[2], m[3]);
  }
  if ((m = /^(\d{1,2})(am|pm|h)$/.exec(token)))
    return meridiemTime(+m[1], 0, m[2] === 'h' ? undefined : m[2]);
  if ((m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(token)))
    return { t: 'date', year: +m[1], month: +m[2], day: +m[3] };
  if ((m = /^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{4}|\d{2}))?\.?$/.exec(token)))
    return { t: 'numeric-pair', a: +m[1], b: +m[2], year: m[3] ? fullYear(+m[3]) : undefined, dot: false };
  if ((m = /^(\d{1,2})(?:st|nd|rd|th|\.)?$/.exec(token))) return { t: 'number', n: +m[1] };
  if (/^\d{4}$/.test(token)) return { t: 'year', year: +token };
  if (token === 'am' || token === 'pm') return { t: 'meridiem', pm: token === 'pm' };
  if (token === 'uhr' || token === 'h' || token === "o'clock" || token === 'oclock')
    return { t: 'meridiem', pm: null };
  if (token in RELATIVE) return { t: 'relative', days: RELATIVE[token] };
  const month = names.month(token);
  if (month) return { t: 'month', month };
  const weekday = names.weekday(token);
  if (weekday) return { t: 'weekday', weekday };
  if (RANGE.has(token)) return { t: 'range' };
  if (FILLERS.has(token) || /^\p{P}+$/u.test(token)) return { t: 'filler' };
  return { t: 'word' };
}

function meridiemTime(hour: number, minute: number, meridiem?: string): Token {
  if (minute > 59) return { t: 'word' };
  if (!meridiem) return hour > 23 ? { t: 'word' } : { t: 'time', hour, minute, meridiem: false };
  if (hour < 1 || hour > 12) return { t: 'word' };
  return { t: 'time', hour: (hour % 12) + (meridiem === 'pm' ? 12 : 0), minute, meridiem: true };
}

/** "6 pm": a bare number followed by am/pm is a time; a stray am/pm elsewhere is filler ("am" is German "on"). */
function mergeMeridiems(tokens: Token[]): Token[] | null {
  const out: Token[] = [];
  for (const token of tokens) {
    const prev = out[out.length - 1];
    if (token.t === 'meridiem' && prev?.t === 'number') {
      const time = meridiemTime(prev.n, 0, token.pm === null ? undefined : token.pm ? 'pm' : 'am');
      if (time.t === 'word') return null;
      out[out.length - 1] = time;
    } else if (token.t === 'meridiem' && prev?.t === 'numeric-pair' && prev.dot) {
      const time = meridiemTime(prev.a, prev.b, token.pm === null ? undefined : token.pm ? 'pm' : 'am');
      if (time.t === 'word') return null;
      out[out.length - 1] = time;
    } else if (token.t === 'meridiem') {
      out.push({ t: 'filler' });
    } else {
      out.push(token);
    }
  }
  return out;
}

type Day =
  | { date: { day: number; month: number; year?: number }; weekday?: number }
  | { weekday: number }
  | { relative: number };

function dayAndTime(tokens: Token[], locale: string) {
  const times = tokens
    .map((t, i) => ({ t, afterRange: tokens[i - 1]?.t === 'range' }))
    .filter((x) => x.t.t === 'time');
  let dotPairs = tokens.filter(
    (t): t is Extract<Token, { t: 'numeric-pair' }> => t.t === 'numeric-pair' && t.dot,
  );
  // "14.01 18:00": with a time elsewhere, a dotted pair is a date; "Tue 18.00": alone, a time.
  let time: { hour: number; minute: number } | 'many' | null = null;
  const starts = times.filter((x) => !x.afterRange);
  if (starts.length > 1) time = 'many';
  else if (starts.length === 1) time = starts[0].t as { hour: number; minute: number };
  const hasDayWord = tokens.some((t) => t.t === 'weekday' || t.t === 'relative' || t.t === 'month');
  if (!time && dotPairs.length === 1 && hasDayWord && dotPairs[0].b < 60 && dotPairs[0].a < 24) {
    time = { hour: dotPairs[0].a, minute: dotPairs[0].b };
    dotPairs = [];
  }
  const pairs = tokens.filter((t) => t.t === 'numeric-pair' && (!t.dot || dotPairs.includes(t)));
  const dates = tokens.filter((t) => t.t === 'date');
  const months = tokens.filter((t) => t.t === 'month');
  const numbers = tokens.filter((t) => t.t === 'number');
  const years = tokens.filter((t) => t.t === 'year');
  const weekdays = tokens.filter((t) => t.t === 'weekday');
  const relatives = tokens.filter((t) => t.t === 'relative');

  let date: { day: number; month: number; year?: number } | undefined;
  if (dates.length + pairs.length + months.length > 1 || weekdays.length > 1 || relatives.length > 1)
    return { time: time ? ('many' as const) : null, day: null };
  if (dates[0]?.t === 'date') date = dates[0];
  else if (pairs[0]?.t === 'numeric-pair') date = orderPair(pairs[0], locale);
  else if (months[0]?.t === 'month') {
    if (numbers.length !== 1 || numbers[0].t !== 'number') return { time, day: null };
    date = { day: numbers[0].n, month: months[0].month };
  } else if (numbers.length > 0) return { time, day: null };
  if (date && years[0]?.t === 'year' && date.year === undefined) date = { ...date, year: years[0].year };
  const weekday = weekdays[0]?.t === 'weekday' ? weekdays[0].weekday : undefined;
  let day: Day | null = null;
  if (date) day = { date, weekday };
  else if (weekday) day = { weekday };
  else if (relatives[0]?.t === 'relative') day = { relative: relatives[0].days };
  return { time, day };
}

/** 14/01 is 14 January, except in US English (01/14 and 1/2 are month first there); a part over 12 decides. */
function orderPair(p: { a: number; b: number; year?: number }, locale: string) {
  const monthFirst = p.a <= 12 && (p.b > 12 || /^en-US$/i.test(locale));
  return monthFirst ? { month: p.a, day: p.b, year: p.year } : { day: p.a, month: p.b, year: p.year };
}

function resolveDate(
  day: Day,
  time: { hour: number; minute: number },
  opts: ParseTimesOptions,
): { at: Date } | { why: string } {
  const today = localDateOf(opts.now, opts.zone);
  const at = (date: LocalDate) => localInstant(opts.zone, date, time.hour, time.minute);
  const future = (date: LocalDate) => at(date).getTime() > opts.now.getTime();
  if ('relative' in day) {
    const date = addDays(today, day.relative);
    return future(date) ? { at: at(date) } : { why: 'that time has passed' };
  }
  if (!('date' in day)) {
    for (let i = 0; i <= 7; i++) {
      const date = addDays(today, i);
      if (weekdayOf(date) === day.weekday && future(date)) return { at: at(date) };
    }
    return { why: 'which day?' };
  }
  const { day: d, month, year } = day.date;
  const thisYear = Number(today.slice(0, 4));
  for (const y of year !== undefined ? [year] : [thisYear, thisYear + 1]) {
    const dt = DateTime.fromObject({ year: y, month, day: d }, { zone: 'UTC' });
    if (!dt.isValid) return { why: 'that date does not exist' };
    const date = dt.toISODate()!;
    if (!future(date)) continue;
    if (day.weekday !== undefined && day.weekday !== dt.weekday)
      return { why: `${dt.toFormat('d LLLL yyyy')} is a ${dt.toFormat('cccc')}` };
    return { at: at(date) };
  }
  return { why: 'that time has passed' };
}

function fullYear(y: number): number {
  return y < 100 ? 2000 + y : y;
}

/** "https://x.example/a." at the end of a sentence: the dot is not the link's. */
function trimEndPunctuation(token: string): string {
  let end = token.length;
  while (end > 0 && '.,;:!?'.includes(token[end - 1])) end--;
  return token.slice(0, end);
}

function firstLink(text: string): string | null {
  for (const token of text.split(/[\s<>()"']+/)) {
    if (!/^https?:\/\//i.test(token)) continue;
    try {
      return new URL(trimEndPunctuation(token)).toString();
    } catch {
      continue;
    }
  }
  return null;
}

interface Names {
  month(token: string): number | undefined;
  weekday(token: string): number | undefined;
}

const namesMemo = new Map<string, Names>();

/** Month and weekday names in English and the writer's locale, accents folded; three letters are enough. */
function namesFor(locale: string): Names {
  const key = locale || 'en';
  let names = namesMemo.get(key);
  if (names) return names;
  const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\.$/, '');
  const lists = (kind: 'months' | 'weekdays') => {
    const get = (loc: string, len: 'long' | 'short') =>
      (kind === 'months' ? Info.months(len, { locale: loc }) : Info.weekdays(len, { locale: loc })).map(fold);
    const locales = [...new Set(['en', key])];
    return locales.flatMap((loc) => [get(loc, 'long'), get(loc, 'short')]);
  };
  const finder = (all: string[][]) => (token: string) => {
    if (token.length < 3) return undefined;
    for (const list of all) {
      const i = list.findIndex((name) => name === token || (token.length >= 3 && name.startsWith(token)));
      if (i >= 0) return i + 1;
    }
    return undefined;
  };
  names = { month: finder(lists('months')), weekday: finder(lists('weekdays')) };
  if (namesMemo.size > 50) namesMemo.clear();
  namesMemo.set(key, names);
  return names;
}
