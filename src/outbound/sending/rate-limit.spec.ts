import { limiterFor } from './rate-limit';

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
