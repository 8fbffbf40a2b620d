/**
 * Screening before activation, as staff record it: the two checks, their names in the audit and
 * on the page, and the state a participant's screening is in. Declared once, so the audit's
 * `detail`, the page's words and the API's `check` cannot drift apart.
 */
export type ScreeningCheck = 'background' | 'training';

export const SCREENING_CHECKS: readonly ScreeningCheck[] = ['background', 'training'];

/** The audit entry's `detail` for each check: who recorded a check is read back by it. */
export const SCREENING_DETAIL: Record<ScreeningCheck, string> = {
  background: 'background check',
  training: 'training',
};

/** How the page names each check: its heading, and in sentences. */
export const SCREENING_LABEL: Record<ScreeningCheck, string> = {
  background: 'Background check (DBS or the like)',
  training: 'Safeguarding training',
};
export const SCREENING_NAME: Record<ScreeningCheck, string> = {
  background: 'background check',
  training: 'safeguarding training',
};

export interface ScreeningChange {
  check: ScreeningCheck;
  /** True records the check as done now; false clears it. */
  recorded: boolean;
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
}

/** What a clearing took them out of (all zero when it took nothing, or the programme asks nothing). */
export interface WithdrawnMentor {
  pausedPairs: number;
  circlesLeft: number;
  roomsLeft: number;
}

export const NOTHING_WITHDRAWN: WithdrawnMentor = { pausedPairs: 0, circlesLeft: 0, roomsLeft: 0 };

/** What one change did: `changed` is false when the check already stood as asked. */
export interface ScreeningOutcome extends ScreeningChange {
  changed: boolean;
  required: boolean;
  withdrawn: WithdrawnMentor;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** The API's body: `{ check: 'background' | 'training', recorded: boolean }`, nothing looser. */
export function parseScreeningChange(body: Record<string, unknown>): Parsed<ScreeningChange> {
  const problems: string[] = [];
  const check = body.check;
  if (!SCREENING_CHECKS.includes(check as ScreeningCheck))
    problems.push(`check must be "background" or "training"`);
  if (typeof body.recorded !== 'boolean') problems.push('recorded must be true or false');
  return problems.length
    ? { ok: false, error: problems.join('; ') }
    : { ok: true, value: { check: check as ScreeningCheck, recorded: body.recorded as boolean } };
}

/**
 * The page's form: `check`, `action` (record or clear) and, to clear, `confirm=yes`. A bare POST
 * (a stray click, a replayed form) clears nothing.
 */
export function parseScreeningForm(body: Record<string, unknown>): Parsed<ScreeningChange> {
  const check = body.check;
  if (!SCREENING_CHECKS.includes(check as ScreeningCheck)) return { ok: false, error: 'Unknown check.' };
  if (body.action === 'record')
    return { ok: true, value: { check: check as ScreeningCheck, recorded: true } };
  if (body.action !== 'clear') return { ok: false, error: 'Choose to record or to clear the check.' };
  if (body.confirm !== 'yes')
    return {
      ok: false,
      error: `Tick the box to confirm clearing the ${SCREENING_NAME[check as ScreeningCheck]}.`,
    };
  return { ok: true, value: { check: check as ScreeningCheck, recorded: false } };
}
