import { API_TOKEN_PREFIX, isCanonicalApiToken, isCanonicalToken, randomToken } from './tokens';

describe('staff tokens', () => {
  const token = randomToken();

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
