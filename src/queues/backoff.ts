/**
 * Exponential backoff with full jitter (1 s base, capped at 10 min), so that many jobs failing
 * together (SES throttling, a database restart) do not retry in lockstep.
 */
export function jitteredBackoff(
  attemptsMade: number,
  _error?: Error,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(600_000, 1000 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
