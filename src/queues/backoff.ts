/**
 * Exponential backoff with full jitter (1 s base, capped at 10 min), so that many jobs failing
 * together (SES throttling, a database restart) do not retry in lockstep.
 */
export function jitteredBackoff(
  attemptsMade: number,
  _error?: Error,
  // Bull calls strategies as (attemptsMade, err, options) with options = null when none are set:
  // a default parameter does not cover null, and a throw here leaves the job stuck `active`.
  random?: (() => number) | null,
): number {
  const draw = typeof random === 'function' ? random : Math.random;
  const ceiling = Math.min(600_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + draw() * (ceiling / 2));
}
