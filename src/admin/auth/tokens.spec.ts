import { API_TOKEN_PREFIX, isCanonicalApiToken, isCanonicalToken, randomToken, sameToken } from './tokens';

describe('staff tokens', () => {
  const token = randomToken();

  it('compares a CSRF token as bytes: a same-length guess with non-ASCII characters is refused, not thrown', () => {
    expect(sameToken(token, token)).toBe(true);
    const accented = 'é'.repeat(token.length);
    expect(accented.length).toBe(token.length);
    expect(sameToken(accented, token)).toBe(false);
    expect(sameToken(token.slice(0, -1), token)).toBe(false);
    expect(sameToken(undefined, token)).toBe(false);
  });

  it('accepts what randomToken writes, and API tokens with their prefix', () => {
    for (let i = 0; i < 50; i++) expect(isCanonicalToken(randomToken())).toBe(true);
    expect(isCanonicalApiToken(API_TOKEN_PREFIX + token)).toBe(true);
  });

  it('refuses every other spelling of the same bytes, and anything around it', () => {
    const bytes = Buffer.from(token, 'base64url');
    const last = token[token.length - 1];
    // The last character carries 2 spare bits: a sibling spelling decodes to the same bytes.
    const sibling = token.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
    expect(Buffer.from(sibling, 'base64url')).toEqual(bytes);
    const variants = [
      bytes.toString('base64'), // padded, with + and /
      `${token}=`,
      `${token} `,
      ` ${token}`,
      `${token}x`,
      `${token}.`,
      token.slice(0, -1),
      sibling,
      token.replace(/-/g, '+').replace(/_/g, '/'),
      '',
    ].filter((v) => v !== token);
    for (const v of variants) expect([v, isCanonicalToken(v)]).toEqual([v, false]);
    // Another letter case is not a spelling of these bytes but other bytes (base64url is case
    // sensitive): it can only ever match another token's hash, never this one's.
    const otherCase = token.toUpperCase() === token ? token.toLowerCase() : token.toUpperCase();
    expect(Buffer.from(otherCase, 'base64url')).not.toEqual(bytes);
    expect(isCanonicalApiToken(token)).toBe(false);
    expect(isCanonicalApiToken(`MMST_${token}`)).toBe(false);
    expect(isCanonicalApiToken(`${API_TOKEN_PREFIX}${token}=`)).toBe(false);
  });
});
