import { logAddress } from './log-address';

describe('logAddress', () => {
  it('never contains the address, and is the same for the same address in any case', () => {
    const shown = logAddress('Maria.Mentor@Example.org');
    expect(shown).toMatch(/^addr:[0-9a-f]{12}$/);
    expect(shown.toLowerCase()).not.toContain('maria');
    expect(shown).not.toContain('example');
    expect(logAddress(' maria.mentor@example.org')).toBe(shown);
    expect(logAddress('other@example.org')).not.toBe(shown);
  });
});
