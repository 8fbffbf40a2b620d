import type { WithdrawnMentor } from '../../programs/member-withdrawal.repository';
import { SCREENING_CHECKS, SCREENING_NAME, type ScreeningCheck } from '../../programs/screening-checks';

/**
 * Screening before activation, as staff record it: what they may send, and the state a
 * participant's screening is in. The checks and their names are programs/screening-checks.ts's.
 */
export {
  SCREENING_CHECKS,
  SCREENING_DETAIL,
  SCREENING_NAME,
  type ScreeningCheck,
} from '../../programs/screening-checks';

/** How the page heads each check. */
export const SCREENING_LABEL: Record<ScreeningCheck, string> = {
  background: 'Background check (DBS or the like)',
  training: 'Safeguarding training',
};

export interface ScreeningChange {
  check: ScreeningCheck;
  /** True records the check as done (now, or on `on`); false clears it. */
  recorded: boolean;
  /** Recording only: the day the check was done (YYYY-MM-DD, not after today); absent: now. */
  on?: string;
}

/** Why `value` is not the day of a check (a calendar date, YYYY-MM-DD, not after `today`), or null. */
export function checkDateProblem(what: string, value: string, today: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== value)
    return `${what} "${value}" is not a date like 2026-03-01`;
  return value > today ? `${what} ${value} is in the future` : null;
}

/**
 * The instant a check done on `day` is kept as: noon UTC, so it reads as that calendar day in
 * every zone staff may read it in (within 12 hours of UTC).
 */
export function checkDateInstant(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

/** A check as recorded: when, and the staff member's email from the audit (null: not known). */
export interface ScreeningRecord {
  recordedAt: Date | null;
  recordedBy: string | null;
}

export interface ScreeningState {
  /** Whether the programme asks for screening (`screeningOn`): then clearing pauses and withdraws. */
  required: boolean;
  background: ScreeningRecord;
  training: ScreeningRecord;
  /** When staff last cleared either check. */
  clearedAt: Date | null;
  /** The last clearing was a lapse (past the programme's validity), not a staff member's. */
  lapsed: boolean;
}

export { NOTHING_WITHDRAWN, type WithdrawnMentor } from '../../programs/member-withdrawal.repository';

/** What one change did: `changed` is false when the check already stood as asked. */
export interface ScreeningOutcome extends ScreeningChange {
  changed: boolean;
  required: boolean;
  withdrawn: WithdrawnMentor;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The API's body: `{ check: 'background' | 'training', recorded: boolean, on?: 'YYYY-MM-DD' }`
 * (`on` only when recording), nothing looser.
 */
export function parseScreeningChange(body: Record<string, unknown>, today: string): Parsed<ScreeningChange> {
  const problems: string[] = [];
  const check = body.check;
  if (!SCREENING_CHECKS.includes(check as ScreeningCheck))
    problems.push(`check must be "background" or "training"`);
  if (typeof body.recorded !== 'boolean') problems.push('recorded must be true or false');
  const on = body.on;
  if (on !== undefined) {
    if (typeof on !== 'string') problems.push('on must be a date like 2026-03-01');
    else if (body.recorded !== true) problems.push('on is the day a check was done: only for recording it');
    else {
      const problem = checkDateProblem('on', on, today);
      if (problem) problems.push(problem);
    }
  }
  if (problems.length) return { ok: false, error: problems.join('; ') };
  const value: ScreeningChange = { check: check as ScreeningCheck, recorded: body.recorded as boolean };
  return { ok: true, value: typeof on === 'string' ? { ...value, on } : value };
}

/**
 * The page's form: `check`, `action` (record or clear) and, to clear, `confirm=yes`. A bare POST
 * (a stray click, a replayed form) clears nothing.
 */
export function parseScreeningForm(body: Record<string, unknown>, today: string): Parsed<ScreeningChange> {
  const check = body.check;
  if (!SCREENING_CHECKS.includes(check as ScreeningCheck)) return { ok: false, error: 'Unknown check.' };
  if (body.action === 'record') {
    const on = typeof body.on === 'string' ? body.on.trim() : '';
    const problem = on ? checkDateProblem('The date', on, today) : null;
    if (problem) return { ok: false, error: `${problem}.` };
    const value: ScreeningChange = { check: check as ScreeningCheck, recorded: true };
    return { ok: true, value: on ? { ...value, on } : value };
  }
  if (body.action !== 'clear') return { ok: false, error: 'Choose to record or to clear the check.' };
  if (body.confirm !== 'yes')
    return {
      ok: false,
      error: `Tick the box to confirm clearing the ${SCREENING_NAME[check as ScreeningCheck]}.`,
    };
  return { ok: true, value: { check: check as ScreeningCheck, recorded: false } };
}
