import { addressKey, makeRelayAddress, randomKey, slugify } from './relay-address';

describe('relay addresses', () => {
  it('carries at least 80 random bits in lower-case base32', () => {
    const key = randomKey();
    expect(key).toMatch(/^[a-z2-7]+$/);
    expect(key.length * 5).toBeGreaterThanOrEqual(80);
  });

  it('never repeats across many draws', () => {
    const seen = new Set(Array.from({ length: 5000 }, () => randomKey()));
    expect(seen.size).toBe(5000);
  });

  it('is <prefix>-<key>@domain with a prefix from the programme only', () => {
    const address = makeRelayAddress('Bright Futures 2026!', 'Relay.Example.org');
    expect(address).toMatch(/^brightfutures202-[a-z2-7]{21}@relay\.example\.org$/);
  });

  it('never has the seven-consonant run SpamAssassin scores in a From address (one plain key in five has)', () => {
    const run = /[bcdfgjklmnpqrstvwxz]{7}/;
    const plain = Array.from({ length: 2000 }, () => randomKey()).filter((k) => run.test(k)).length;
    expect(plain).toBeGreaterThan(100);
    const keys = Array.from({ length: 2000 }, () => addressKey());
    expect(keys.filter((k) => run.test(k))).toEqual([]);
    expect(keys.every((k) => /^[a-z2-7]{21}$/.test(k))).toBe(true);
    const addresses = Array.from({ length: 500 }, () => makeRelayAddress('x', 'relay.example.org'));
    expect(addresses.filter((a) => run.test(a))).toEqual([]);
  });

  it('slugifies names with accents', () => {
    expect(slugify('Élan Mentoring — Spring')).toBe('elan-mentoring-spring');
  });
});
