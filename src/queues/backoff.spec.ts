import { jitteredBackoff } from './backoff';

describe('jitteredBackoff', () => {
  it('grows exponentially and stays within [ceiling/2, ceiling]', () => {
    expect(jitteredBackoff(1, undefined, () => 0)).toBe(500);
    expect(jitteredBackoff(1, undefined, () => 1)).toBe(1000);
    expect(jitteredBackoff(4, undefined, () => 0.5)).toBe(6000);
  });

  it('is capped at ten minutes', () => {
    expect(jitteredBackoff(40, undefined, () => 1)).toBe(600_000);
  });

  it('works when Bull passes null options as the third argument', () => {
    const delay = jitteredBackoff(2, new Error('x'), null);
    expect(delay).toBeGreaterThanOrEqual(1000);
    expect(delay).toBeLessThanOrEqual(2000);
  });
});
