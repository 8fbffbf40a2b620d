import { signUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const SECRET = 'a-test-secret-of-some-length';
const ID = '6f1c2a4e-1b2c-4d5e-8f90-123456789abc';

describe('unsubscribe tokens', () => {
  it('round-trips a participant id and is URL-safe', () => {
    const token = signUnsubscribeToken(SECRET, ID);
    expect(token).toMatch(/^[0-9a-f-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribeToken(SECRET, token)).toBe(ID);
  });

  it('rejects a tampered id, a tampered signature, another secret and junk', () => {
    const token = signUnsubscribeToken(SECRET, ID);
    const otherId = ID.replace('6f1c', '7f1c');
    expect(verifyUnsubscribeToken(SECRET, otherId + token.slice(ID.length))).toBeNull();
    const sig = token.slice(ID.length + 1);
    const flipped = (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1);
    expect(verifyUnsubscribeToken(SECRET, `${ID}.${flipped}`)).toBeNull();
    expect(verifyUnsubscribeToken('another-secret-entirely', token)).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, 'nonsense')).toBeNull();
    expect(verifyUnsubscribeToken(SECRET, `${ID}.`)).toBeNull();
    // Same bytes, other spelling: the last character's spare bits changed.
    const last = token[token.length - 1];
    const sibling = token.slice(0, -1) + (last === 'A' ? 'B' : 'A');
    expect(verifyUnsubscribeToken(SECRET, sibling)).toBeNull();
  });

  it('accepts one spelling only: no case change, padding, standard alphabet or trailing garbage', () => {
    const token = signUnsubscribeToken(SECRET, ID);
    const sig = token.slice(ID.length + 1);
    const standard = Buffer.from(sig, 'base64url').toString('base64');
    const variants = [
      `${ID.toUpperCase()}.${sig}`,
      `${token}=`,
      `${token}==`,
      `${ID}.${standard}`,
      `${ID}.${standard.split('=')[0]}`,
      `${token} `,
      ` ${token}`,
      `${token}.`,
      `${token}x`,
      `${token}%00`,
      `${ID}.${sig}.${sig}`,
      `${ID}..${sig}`,
    ].filter((v) => v !== token);
    expect(variants.length).toBeGreaterThan(10);
    for (const v of variants) expect([v, verifyUnsubscribeToken(SECRET, v)]).toEqual([v, null]);
  });
});
