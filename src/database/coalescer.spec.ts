import { Coalescer } from './coalescer';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('Coalescer', () => {
  it('sends the calls of one turn together, and those that arrive meanwhile when it returns', async () => {
    const batches: number[][] = [];
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const c = new Coalescer<number, number>(async (xs) => {
      batches.push(xs);
      const gate = deferred<void>();
      gates.push(gate);
      await gate.promise;
      return xs.map((x) => x * 10);
    }, 1);
    const turn = [c.call(1), c.call(2)];
    // Nothing leaves before the turn ends: a burst is one batch, not its first call and the rest.
    expect(batches).toEqual([]);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2]]);
    const rest = [c.call(3), c.call(4)];
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2]]);
    gates[0].resolve();
    expect(await Promise.all(turn)).toEqual([10, 20]);
    await new Promise((r) => setImmediate(r));
    expect(batches).toEqual([[1, 2], [3, 4]]);
    gates[1].resolve();
    expect(await Promise.all(rest)).toEqual([30, 40]);
  });

  it('keeps at most maxBatch inputs in one batch and maxInFlight batches running', async () => {
    const sizes: number[] = [];
    let running = 0;
    let most = 0;
    const c = new Coalescer<number, number>(
      async (xs) => {
        sizes.push(xs.length);
        most = Math.max(most, ++running);
        // Yield a full turn of the event loop, so the other batch can start before this one ends.
        await new Promise((r) => setImmediate(r));
        running--;
        return xs;
      },
      2,
      3,
    );
    const out = await Promise.all(Array.from({ length: 10 }, (_, i) => c.call(i)));
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(most).toBe(2);
  });

  it('rejects every caller of a failed batch and carries on with the next', async () => {
    let calls = 0;
    const c = new Coalescer<string, string>(async (xs) => {
      if (calls++ === 0) throw new Error('boom');
      return xs.map((x) => x.toUpperCase());
    }, 1);
    const failed = c.call('a');
    await expect(failed).rejects.toThrow('boom');
    await expect(c.call('b')).resolves.toBe('B');
  });

  it('fails a batch whose outputs do not line up with its inputs', async () => {
    const c = new Coalescer<number, number>(async () => [1, 2]);
    await expect(c.call(1)).rejects.toThrow('batch returned 2 of 1');
  });
});
