import { callWindowFor, limiterFor } from './rate-limit';

/** Most jobs Bull can start in any one-second span: every window the span touches, full. */
function worstSecond(l: { max: number; duration: number }): number {
  return l.max * (Math.ceil(1000 / l.duration) + 1);
}

describe('limiterFor', () => {
  it.each([10, 14, 20, 50, 100, 500, 3000])('keeps any second within %d/s and near 80%%', (rate) => {
    const limiter = limiterFor(rate);
    expect(worstSecond(limiter)).toBeLessThanOrEqual(rate);
    const average = (limiter.max * 1000) / limiter.duration;
    expect(average).toBeLessThanOrEqual(rate * 0.8 + 1e-9);
    expect(average).toBeGreaterThan(rate * 0.7);
  });

  it('still sends in the sandbox (1 per second)', () => {
    expect(limiterFor(1)).toEqual({ max: 1, duration: 1250 });
  });

  it('refuses a rate that is not positive', () => {
    expect(() => limiterFor(0)).toThrow();
  });
});

describe('callWindowFor', () => {
  it.each([1, 2, 10, 14, 20, 50, 100, 3000])('holds calls to at most 80%% of %d/s, and close to it', (rate) => {
    const window = callWindowFor(rate);
    // A sliding window: any span of `duration` ms holds at most `max` calls.
    const perSecond = (window.max * 1000) / window.duration;
    expect(perSecond).toBeLessThanOrEqual(rate * 0.8 + 1e-9);
    expect(perSecond).toBeGreaterThan(rate * 0.75);
  });

  it('gives the sandbox one call per 1.25 s', () => {
    expect(callWindowFor(1)).toEqual({ max: 1, duration: 1250 });
  });

  it('refuses a rate that is not positive', () => {
    expect(() => callWindowFor(-1)).toThrow();
  });
});
