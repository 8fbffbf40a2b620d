import { createHash } from 'node:crypto';
import { logAddress, maskAddressesInText } from './log-address';

describe('logAddress', () => {
  const secret = 'a-test-secret';

  it('never contains the address, and is the same for the same address in any case', () => {
    const shown = logAddress('Maria.Mentor@Example.org', secret);
    expect(shown).toMatch(/^addr:[0-9a-f]{12}$/);
    expect(shown.toLowerCase()).not.toContain('maria');
    expect(shown).not.toContain('example');
    expect(logAddress(' maria.mentor@example.org', secret)).toBe(shown);
    expect(logAddress('other@example.org', secret)).not.toBe(shown);
  });

  it('cannot be confirmed by hashing a guess without the secret', () => {
    const guess = createHash('sha256').update('maria.mentor@example.org').digest('hex').slice(0, 12);
    expect(logAddress('maria.mentor@example.org', secret)).not.toBe(`addr:${guess}`);
    expect(logAddress('maria.mentor@example.org', 'another-secret')).not.toBe(
      logAddress('maria.mentor@example.org', secret),
    );
  });
});

describe('maskAddressesInText', () => {
  const secret = 'a-test-secret';
  const mask = (text: string) => maskAddressesInText(text, secret);

  it('replaces every address in a JSON line by its logAddress form and keeps the structure', () => {
    const line = JSON.stringify({
      msg: 'SMTP 550 5.1.1 <Maria.Mentor@Example.org>: recipient rejected',
      to: 'Ann Lee <ann+tag@mail.example.co.uk>',
      err: { stack: "Error: o'brien@example.org unknown\n    at send (/app/x.js:1:2)" },
    });
    const masked = mask(line);
    expect(() => JSON.parse(masked) as unknown).not.toThrow();
    const parsed = JSON.parse(masked) as { msg: string; to: string; err: { stack: string } };
    expect(parsed.msg).toBe(
      `SMTP 550 5.1.1 <${logAddress('maria.mentor@example.org', secret)}>: recipient rejected`,
    );
    expect(parsed.to).toBe(`Ann Lee <${logAddress('ann+tag@mail.example.co.uk', secret)}>`);
    expect(parsed.err.stack).toContain(`Error: ${logAddress("o'brien@example.org", secret)} unknown`);
    expect(masked).not.toMatch(/example\.(org|co)/);
  });

  it('leaves text without an address as it is: package paths, versions, a lone @', () => {
    const text = 'at /app/node_modules/@nestjs/core/router.js (core@11.1.6) @ noon; a@b; x@localhost';
    expect(mask(text)).toBe(text);
  });

  it('masks a trailing dot-less address at the end of a sentence and several in a row', () => {
    expect(mask('write to a@x.org.')).toBe(`write to ${logAddress('a@x.org', secret)}.`);
    expect(mask('a@x.org,b@y.org')).toBe(`${logAddress('a@x.org', secret)},${logAddress('b@y.org', secret)}`);
  });
});
