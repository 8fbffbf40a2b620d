/**
 * `work`'s result, or 'still waiting' once `ms` have passed: for asserting that something ends on
 * its own (a stop bounded by its grace) instead of hanging until the test's own timeout.
 */
export async function within<T>(ms: number, work: Promise<T>): Promise<T | 'still waiting'> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<'still waiting'>((resolve) => (timer = setTimeout(resolve, ms, 'still waiting'))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
