/**
 * For tests that prove a piece of work is bounded, not that it is fast (`npm run bench:stall`
 * prints the figures): the ceiling is generous on purpose, and the inputs are sized so that the
 * quadratic code they guard against takes several times it.
 */
export const BOUNDED_CEILING_MS = 5_000;

/** The value of `work` and its wall time in milliseconds. */
export function timed<T>(work: () => T): { value: T; ms: number } {
  const started = process.hrtime.bigint();
  const value = work();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/**
 * The value of synchronous `work` and the CPU time this process spent on it, in milliseconds.
 * Wall time is not the work's own: in a full `npm test` the other workers, Chromium and
 * PostgreSQL share two cores, and a case that takes 1.2 s alone took 5.5 s of wall time there.
 * The process's CPU time counts only this work (the event loop cannot turn meanwhile) and the
 * collector's threads working for it.
 */
export function cpuTimed<T>(work: () => T): { value: T; ms: number } {
  const started = process.cpuUsage();
  const value = work();
  const spent = process.cpuUsage(started);
  return { value, ms: (spent.user + spent.system) / 1e3 };
}
