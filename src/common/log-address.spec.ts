import { createHash } from 'node:crypto';
import { logAddress } from './log-address';

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
