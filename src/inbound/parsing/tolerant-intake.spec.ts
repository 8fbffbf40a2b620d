import { tolerantRaw, withoutLeadingJunk } from './tolerant-intake';

const MIB = 1024 * 1024;

describe('tolerant intake repairs', () => {
  it('returns the same buffer when nothing needs repair', () => {
    const raw = Buffer.from('From: a@example.org\r\nSubject: x\r\n\r\nbody\r\n');
    expect(tolerantRaw(raw)).toBe(raw);
  });

  it('removes what precedes the header block, but no field-name whitespace, for DKIM', () => {
    const raw = Buffer.from('\ufeffFrom a@example.org Sat Dec  7 11:53:58 2019\nSubject : x\n\nbody\n');
    expect(withoutLeadingJunk(raw).toString()).toBe('Subject : x\n\nbody\n');
    expect(tolerantRaw(raw).toString()).toBe('Subject: x\n\nbody\n');
  });

  it('repairs only the header block', () => {
    const raw = Buffer.from('From : a@example.org\r\n\r\nTo : you\r\nFrom a friend\r\n');
    expect(tolerantRaw(raw).toString()).toBe('From: a@example.org\r\n\r\nTo : you\r\nFrom a friend\r\n');
  });

  // A generous ceiling (the box is shared): it shows the work is bounded, not that it is fast.
  it.each([
    ['25 MiB of empty lines', () => Buffer.alloc(25 * MIB, 0x0a)],
    ['25 MiB of spaces', () => Buffer.alloc(25 * MIB, 0x20)],
    ['25 MiB of mbox lines', () => Buffer.from('From x\n'.repeat((25 * MIB) / 7))],
    ['25 MiB of obsolete fields', () => Buffer.from('A :b\n'.repeat((25 * MIB) / 5))],
    [
      'a From of spaced dots and folds',
      () => Buffer.from(`From: ${'a . '.repeat(60_000)}\n ${'. @ '.repeat(60_000)}\n\n`),
    ],
    ['4 MiB with CR-only line ends', () => Buffer.from('From: a@b.example\r'.repeat((4 * MIB) / 18))],
    ['25 MiB with CR-only line ends', () => Buffer.from('From: a@b.example\r'.repeat((25 * MIB) / 18))],
  ])('stays bounded on %s', (_name, make) => {
    const raw = make();
    const started = process.hrtime.bigint();
    const out = tolerantRaw(raw);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1_000);
    expect(out.length).toBeGreaterThan(0);
  });
});
