import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * Runs `work` under V8's CPU profiler when BENCH_CPU_PROFILE names a file prefix, writing
 * `<prefix>-<label>.cpuprofile` (open it in Chrome DevTools, or `bench/profile-top.ts`).
 * Only the work itself is profiled, not the set-up around it; without the variable it just runs.
 */
export async function profiled<T>(label: string, work: () => Promise<T>): Promise<T> {
  const prefix = process.env.BENCH_CPU_PROFILE;
  if (!prefix) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(`${prefix}-${label}.cpuprofile`, JSON.stringify(profile));
    session.disconnect();
  }
}
