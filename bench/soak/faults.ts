import type { SoakRedis } from './redis';
import type { ServiceProcess } from './service';

/** When each fault strikes, as the share of the emails sent so far. */
export const KILL_WORKER_AT = 0.4;
export const RESTART_REDIS_AT = 0.7;

/**
 * The two faults of a soak run, struck from the sender's progress while mail keeps flowing: a
 * worker SIGKILLed (no shutdown hook runs) and started again, then the soak's Redis SIGKILLed and
 * started again empty (it keeps nothing on disk, so every queue is gone).
 */
export function faultPlan(worker: ServiceProcess, redis: SoakRedis, say: (line: string) => string) {
  const timeline: string[] = [];
  const running: Promise<void>[] = [];
  const strikes = [
    {
      at: KILL_WORKER_AT,
      what: () => `SIGKILL ${worker.name} (pid ${worker.pid}) and start it again`,
      fault: async () => {
        await worker.stop('SIGKILL');
        await worker.start();
        say(`${worker.name} is up again`);
      },
    },
    {
      at: RESTART_REDIS_AT,
      what: () => 'SIGKILL the soak Redis (no persistence) and start it again',
      fault: async () => {
        await redis.kill();
        await redis.start();
        say('Redis is up again, empty');
      },
    },
  ];
  return {
    timeline,
    onProgress(share: number): void {
      while (strikes.length && share >= strikes[0].at) {
        const strike = strikes.shift()!;
        timeline.push(say(strike.what()));
        running.push(strike.fault());
      }
    },
    /** Resolves once every fault struck has recovered (the worker and Redis are up again). */
    settled: () => Promise.all(running),
  };
}
