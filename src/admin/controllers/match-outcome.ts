import type { Response } from 'express';
import { MatchingError } from '../../matching/matching.errors';

/**
 * Runs a staff action of the match page and goes back to it (at `anchor`) with what happened, or
 * with why not: a MatchingError's words for staff (a refused swap or circle names who or what).
 */
export async function backToMatchPage(
  programmeId: string,
  res: Response,
  work: () => Promise<string>,
  anchor = '',
): Promise<void> {
  const back = `/admin/programmes/${programmeId}/match`;
  try {
    const ok = await work();
    res.redirect(303, `${back}?notice=${encodeURIComponent(ok)}${anchor}`);
  } catch (error) {
    if (!(error instanceof MatchingError)) throw error;
    res.redirect(303, `${back}?error=${encodeURIComponent(error.message)}${anchor}`);
  }
}
