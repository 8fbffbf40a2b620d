/**
 * For tests that prove a piece of work is bounded, not that it is fast (`npm run bench:stall`
 * prints the figures): the ceiling is generous on purpose, so a loaded two-core box cannot flake,
 * and the inputs are sized so that the quadratic code they guard against takes several times it.
 */
export const BOUNDED_CEILING_MS = 5_000;

/** The value of `work` and its wall time in milliseconds. */
export function timed<T>(work: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = work();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}
