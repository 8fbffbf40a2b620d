import { GateFull, WorkGate } from './work-gate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('WorkGate', () => {
  it('runs at most `concurrency` jobs, queues up to `queue`, refuses the rest at once', async () => {
    const gate = new WorkGate(2, 1);
    const blockers = [deferred(), deferred(), deferred()];
    let active = 0;
    let peak = 0;
    const job = (i: number) => async () => {
      active++;
      peak = Math.max(peak, active);
      await blockers[i].promise;
      active--;
      return i;
    };
    const runs = [0, 1, 2].map((i) => gate.run(job(i)));
    await expect(gate.run(job(0))).rejects.toBeInstanceOf(GateFull);
    blockers.forEach((b) => b.resolve());
    await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2]);
    expect(peak).toBe(2);
  });

  it('frees the slot when a job throws', async () => {
    const gate = new WorkGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
