import { WEEKDAYS, type Weekday, type WeeklySlot } from '../../matching/match.types';

const DAY_WORDS: [RegExp, Weekday[]][] = [
  [/^(mon|monday|mondays)$/, ['mon']],
  [/^(tue|tues|tuesday|tuesdays)$/, ['tue']],
  [/^(wed|weds|wednesday|wednesdays)$/, ['wed']],
  [/^(thu|thur|thurs|thursday|thursdays)$/, ['thu']],
  [/^(fri|friday|fridays)$/, ['fri']],
  [/^(sat|saturday|saturdays)$/, ['sat']],
  [/^(sun|sunday|sundays)$/, ['sun']],
  [/^(weekday|weekdays|workdays|weeknights?)$/, ['mon', 'tue', 'wed', 'thu', 'fri']],
  [/^(weekend|weekends)$/, ['sat', 'sun']],
  [/^(daily|everyday)$/, [...WEEKDAYS]],
];

/** Parts of the day, in the person's own time. */
const PARTS: [RegExp, [number, number]][] = [
  [/^(early mornings?)$/, [7, 9]],
  [/^(mornings?)$/, [9, 12]],
  [/^(lunch|lunchtimes?|midday|noon)$/, [12, 14]],
  [/^(afternoons?)$/, [14, 17]],
  [/^(after work|after school)$/, [17, 19]],
  [/^(evenings?|eves?|tonight)$/, [18, 21]],
  [/^(nights?)$/, [20, 23]],
];

const ANY_TIME: [number, number] = [9, 21];

interface Group {
  days: Weekday[];
  times: [number, number][];
}

function hour(h: string, m: string | undefined, suffix: string | undefined): number {
  let value = Number(h) + (m ? Number(m) / 60 : 0);
  if (suffix === 'pm' && value < 12) value += 12;
  if (suffix === 'am' && value >= 12) value -= 12;
  return value;
}

/** "18-20", "6-8pm", "6pm to 8pm", "18:30–20:00", "9am - 12": a range of hours, or null. */
function timeRange(text: string): { range: [number, number]; length: number } | null {
  const m =
    /^(\d{1,2})(?:[:.h](\d{2}))?(?: ?(am|pm))? ?(?:-|–|—|to|until|till) ?(\d{1,2})(?:[:.h](\d{2}))?(?: ?(am|pm))?/.exec(
      text,
    );
  if (!m) return null;
  const endSuffix = m[6];
  // "6-8pm": the first takes the second's half of the day when that keeps it before the end.
  const startSuffix = m[3] ?? (endSuffix === 'pm' && Number(m[1]) < Number(m[4]) ? 'pm' : endSuffix);
  let from = hour(m[1], m[2], startSuffix);
  let to = hour(m[4], m[5], endSuffix);
  // No am/pm and small numbers ("6-8"): mentoring after work is far likelier than before dawn.
  if (!m[3] && !endSuffix && to <= 12 && from < 8) {
    from += 12;
    to += 12;
  }
  if (from > 24 || to > 24) return null;
  return { range: [from, to], length: m[0].length };
}

/** "after 6pm", "from 7", "before 9am": an open range given a sensible edge. */
function openRange(text: string): { range: [number, number]; length: number } | null {
  const m = /^(after|from|before|by)\s+(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?/.exec(text);
  if (!m) return null;
  let at = hour(m[2], m[3], m[4]);
  if (!m[4] && at < 8) at += 12;
  if (at > 24) return null;
  const range: [number, number] =
    m[1] === 'before' || m[1] === 'by' ? [Math.max(0, at - 2), at] : [at, Math.min(24, at + 3)];
  return { range, length: m[0].length };
}

function clock(value: number): string {
  const halves = Math.round(value * 2);
  const h = Math.floor(halves / 2);
  return `${String(h).padStart(2, '0')}:${halves % 2 ? '30' : '00'}`;
}

/**
 * Weekly free times from free text, in the person's own time: "Tuesday and Thursday evenings",
 * "Mon 18-20, Wed mornings", "weekends", "weekdays after 6pm". Days named before or after their
 * times go together; a day with no time means 09:00-21:00; times with no day mean weekdays.
 */
export function parseAvailability(input: string): WeeklySlot[] {
  const text = input
    .toLowerCase()
    .split(/\s/)
    .filter(Boolean)
    .join(' ')
    .replace(/every\s+day|any\s*day|all\s+week/g, ' daily ')
    .replace(/after\s+(work|school)/g, 'after_$1')
    .replace(/early\s+morning/g, 'early_morning');
  const groups: Group[] = [];
  let current: Group = { days: [], times: [] };
  let lastWasTime = false;
  const push = () => {
    if (current.days.length || current.times.length) groups.push(current);
    current = { days: [], times: [] };
  };
  let rest = text;
  while (rest.length) {
    rest = rest.replace(/^[^a-z0-9]+/, '');
    if (!rest) break;
    const range = timeRange(rest) ?? openRange(rest);
    if (range) {
      current.times.push(range.range);
      rest = rest.slice(range.length);
      lastWasTime = true;
      continue;
    }
    const word = /^[a-z_]+|^\d+/.exec(rest)![0];
    rest = rest.slice(word.length);
    const dayRange = /^(?:-|–|to|through|thru)\s*([a-z]+)/.exec(rest.trimStart());
    const days = DAY_WORDS.find(([re]) => re.test(word))?.[1];
    if (days) {
      // A day after this group's times starts the next group ("Mon 18-20 Wed mornings").
      if (lastWasTime && current.days.length) push();
      if (dayRange && days.length === 1) {
        const end = DAY_WORDS.find(([re]) => re.test(dayRange[1]))?.[1];
        if (end?.length === 1) {
          const a = WEEKDAYS.indexOf(days[0]);
          const b = WEEKDAYS.indexOf(end[0]);
          for (let i = a; i <= (b >= a ? b : b + 7); i++) current.days.push(WEEKDAYS[i % 7]);
          rest = rest.trimStart().slice(dayRange[0].length);
          lastWasTime = false;
          continue;
        }
      }
      current.days.push(...days);
      lastWasTime = false;
      continue;
    }
    const part = PARTS.find(([re]) => re.test(word.replace('_', ' ')))?.[1];
    if (part) {
      current.times.push(part);
      lastWasTime = true;
    }
  }
  push();
  const slots: WeeklySlot[] = [];
  for (const g of groups) {
    const days = g.days.length ? g.days : (['mon', 'tue', 'wed', 'thu', 'fri'] as Weekday[]);
    const times = g.times.length ? g.times : [ANY_TIME];
    if (!g.days.length && !g.times.length) continue;
    for (const day of days)
      for (const [from, to] of times) {
        const slot = { day, from: clock(from), to: to >= 24 ? '24:00' : clock(to) };
        if (!slots.some((s) => s.day === slot.day && s.from === slot.from && s.to === slot.to))
          slots.push(slot);
      }
  }
  return slots;
}

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** "Tue 18:00-21:00, Thu 18:00-21:00": what the summary shows back. */
export function availabilityText(slots: WeeklySlot[]): string {
  return slots.map((s) => `${DAY_NAMES[s.day]} ${s.from}-${s.to}`).join(', ');
}
