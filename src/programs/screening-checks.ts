/**
 * A mentor's two screening checks and their names, declared once for everything that speaks of
 * them: the admin's page and API, the CSV import, the staff audit's `detail` (who recorded a check
 * is read back by it), the refusals that name what is missing, and the lapse of a record.
 */
export type ScreeningCheck = 'background' | 'training';

export const SCREENING_CHECKS: readonly ScreeningCheck[] = ['background', 'training'];

/** The staff audit entry's `detail` for each check. */
export const SCREENING_DETAIL: Record<ScreeningCheck, string> = {
  background: 'background check',
  training: 'training',
};

/** How sentences name each check. */
export const SCREENING_NAME: Record<ScreeningCheck, string> = {
  background: 'background check',
  training: 'safeguarding training',
};
