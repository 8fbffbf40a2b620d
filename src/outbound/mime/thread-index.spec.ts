import { InvalidThreadIndexError, threadIndexChild, threadIndexRoot, threadIndexTime } from './thread-index';

const T0 = new Date('2026-03-04T10:20:30Z');
const bytes = (index: string): Buffer => Buffer.from(index, 'base64');

/** Decodes one 5-byte child block into its fields. */
function childBlock(index: string, level: number): { dc: number; ticks: bigint; low: number } {
  const b = bytes(index).subarray(22 + 5 * (level - 1), 22 + 5 * level);
  const v = BigInt('0x' + b.toString('hex'));
  const dc = Number(v >> 39n);
  const timeDiff = (v >> 8n) & 0x7fffffffn;
  return { dc, ticks: timeDiff << (dc ? 23n : 18n), low: Number(v & 0xffn) };
}

describe('threadIndexRoot', () => {
  it('is 22 bytes: 0x01, 5 bytes of FILETIME, a 16-byte GUID', () => {
    const root = bytes(threadIndexRoot(T0, 'root-1@relay.localhost'));
    expect(root).toHaveLength(22);
    expect(root[0]).toBe(0x01);
    // FILETIME of T0 is 134170932300000000 ticks (checked with Python); its top 40 bits are 0x01dcabc086.
    expect(root.subarray(1, 6).toString('hex')).toBe('01dcabc086');
    expect(root[12] >> 4).toBe(8); // GUID version nibble (byte 6 of the GUID)
    expect(root[14] >> 6).toBe(2); // RFC variant
  });

  it('keeps the time to within the 1.7 s the format drops', () => {
    const back = threadIndexTime(threadIndexRoot(T0, 'x')).getTime();
    expect(T0.getTime() - back).toBeGreaterThanOrEqual(0);
    expect(T0.getTime() - back).toBeLessThan(1678);
  });

  it('derives the GUID from the root id only, so every message of a thread agrees', () => {
    const a = bytes(threadIndexRoot(T0, 'root-1@relay.localhost'));
    const b = bytes(threadIndexRoot(new Date('2027-01-01Z'), 'root-1@relay.localhost'));
    const c = bytes(threadIndexRoot(T0, 'root-2@relay.localhost'));
    expect(a.subarray(6).equals(b.subarray(6))).toBe(true);
    expect(a.subarray(6).equals(c.subarray(6))).toBe(false);
    expect(threadIndexRoot(T0, 'root-1@relay.localhost')).toBe(threadIndexRoot(T0, 'root-1@relay.localhost'));
  });
});

describe('threadIndexChild', () => {
  const root = threadIndexRoot(T0, 'root@relay.localhost');

  it('appends one 5-byte block and keeps the parent as its prefix', () => {
    const child = threadIndexChild(root, T0, new Date(T0.getTime() + 3_600_000));
    const grandchild = threadIndexChild(
      child,
      new Date(T0.getTime() + 3_600_000),
      new Date(T0.getTime() + 7_200_000),
    );
    expect(bytes(child)).toHaveLength(27);
    expect(bytes(grandchild)).toHaveLength(32);
    expect(bytes(child).subarray(0, 22).equals(bytes(root))).toBe(true);
    expect(bytes(grandchild).subarray(0, 27).equals(bytes(child))).toBe(true);
  });

  it('stores the delta from the header time in 2^18-tick units (delta code 0)', () => {
    const childDate = new Date(T0.getTime() + 86_400_000);
    const child = threadIndexChild(root, T0, childDate);
    const { dc, ticks, low } = childBlock(child, 1);
    expect(dc).toBe(0);
    const expected = BigInt(childDate.getTime() - threadIndexTime(root).getTime()) * 10_000n;
    expect(expected - ticks).toBeGreaterThanOrEqual(0n);
    expect(expected - ticks).toBeLessThan(1n << 18n);
    expect(low & 0x0f).toBe(0); // sequence nibble
  });

  it('switches to delta code 1 after about 1.78 years', () => {
    const later = new Date(T0.getTime() + 2 * 365 * 86_400_000);
    const { dc, ticks } = childBlock(threadIndexChild(root, T0, later), 1);
    expect(dc).toBe(1);
    const expected = BigInt(later.getTime() - threadIndexTime(root).getTime()) * 10_000n;
    expect(expected - ticks).toBeLessThan(1n << 23n);
  });

  it('is deterministic and sorts later replies after earlier ones', () => {
    const d1 = new Date(T0.getTime() + 60_000);
    const d2 = new Date(T0.getTime() + 120_000);
    expect(threadIndexChild(root, T0, d1)).toBe(threadIndexChild(root, T0, d1));
    const a = bytes(threadIndexChild(root, T0, d1)).subarray(22, 26);
    const b = bytes(threadIndexChild(root, T0, d2)).subarray(22, 26);
    expect(Buffer.compare(a, b)).toBe(-1);
  });

  it('never places a reply before its parent when the child clock is behind', () => {
    const parentDate = new Date(T0.getTime() + 600_000);
    const skewed = threadIndexChild(root, parentDate, new Date(T0.getTime() - 600_000));
    expect(skewed).toBe(threadIndexChild(root, parentDate, parentDate));
  });

  it.each([
    ['garbage', 'not base64!'],
    ['too short', Buffer.alloc(10, 1).toString('base64')],
    [
      'a partial child block',
      Buffer.concat([Buffer.from(root, 'base64'), Buffer.alloc(3)]).toString('base64'),
    ],
    ['a wrong reserved byte', Buffer.alloc(22, 2).toString('base64')],
  ])('rejects %s', (_, index) => {
    expect(() => threadIndexChild(index, T0, T0)).toThrow(InvalidThreadIndexError);
  });
});
