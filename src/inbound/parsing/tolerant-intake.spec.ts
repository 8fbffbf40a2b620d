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

  // Bounded work, judged by growth rather than a wall-clock ceiling (which failed on a loaded
  // machine): four times the input must cost well under sixteen times the time, the quadratic figure.
  // Cases that finish in microseconds get 50 ms of slack, so one GC pause is not a failure.
  const bestOf3 = (raw: Buffer): number => {
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint();
      const out = tolerantRaw(raw);
      best = Math.min(best, Number(process.hrtime.bigint() - started));
      expect(out.length).toBeGreaterThan(0);
    }
    return best;
  };
  it.each([
    ['empty lines', (n: number) => Buffer.alloc(n, 0x0a)],
    ['spaces', (n: number) => Buffer.alloc(n, 0x20)],
    ['mbox lines', (n: number) => Buffer.from('From x\n'.repeat(n / 7))],
    ['obsolete fields', (n: number) => Buffer.from('A :b\n'.repeat(n / 5))],
    [
      'a From of spaced dots and folds',
      (n: number) => Buffer.from(`From: ${'a . '.repeat(n / 8)}\n ${'. @ '.repeat(n / 8)}\n\n`),
    ],
    ['CR-only line ends', (n: number) => Buffer.from('From: a@b.example\r'.repeat(n / 18))],
  ])('stays linear on %s', (_name, make) => {
    const small = bestOf3(make(2 * MIB));
    const large = bestOf3(make(8 * MIB));
    expect(large).toBeLessThan(Math.max(10 * small, 50e6));
  });
});
