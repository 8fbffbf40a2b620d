import { Coalescer } from './coalescer';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('Coalescer', () => {
  it('sends the first call alone and the calls that arrive meanwhile together', async () => {
    const batches: number[][] = [];
    const gates: ReturnType<typeof deferred<void>>[] = [];
    const c = new Coalescer<number, number>(async (xs) => {
      batches.push(xs);
      const gate = deferred<void>();
      gates.push(gate);
      await gate.promise;
      return xs.map((x) => x * 10);
    }, 1);
    const first = c.call(1);
    const rest = [c.call(2), c.call(3), c.call(4)];
    expect(batches).toEqual([[1]]);
    gates[0].resolve();
    expect(await first).toBe(10);
    await Promise.resolve();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    gates[1].resolve();
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
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
