import { exchanged, overLimit, senderOf } from './flood-limits';

const limits = { senderLimit: 30, pairingLimit: 60, loopLimit: 20, floodWindowMinutes: 10 };

describe('overLimit', () => {
  it('lets the last email under each limit through and stops the next', () => {
    expect(overLimit({ bySender: 29, byPairing: 59 }, limits)).toBeNull();
    expect(overLimit({ bySender: 30, byPairing: 0 }, limits)).toBe('sender over 30 emails in 10 minutes');
    expect(overLimit({ bySender: 0, byPairing: 60 }, limits)).toBe('pairing over 60 emails in 10 minutes');
  });
});

describe('exchanged', () => {
  it('counts a strict back-and-forth in full', () => {
    expect(exchanged(['a', 'b', 'a', 'b', 'a'], 'a')).toEqual({ count: 5, other: 'b' });
  });

  it('counts one side writing many in a row as one turn, not a loop', () => {
    expect(exchanged(['a', 'a', 'a', 'a', 'b', 'a', 'a'], 'a').count).toBe(3);
  });

  it('follows the pair that alternates, ignoring a third member', () => {
    expect(exchanged(['a', 'c', 'b', 'a', 'b', 'a'], 'a')).toEqual({ count: 5, other: 'b' });
    expect(exchanged(['a', 'a'], 'a')).toEqual({ count: 0, other: null });
  });
});

describe('senderOf', () => {
  const raw = (headers: string) => Buffer.from(`${headers}\r\n\r\nFrom: body@not.header\r\n`);

  it('takes the envelope sender first, lower-cased', () => {
    expect(senderOf(raw('From: x@y.example'), 'Env@Host.example')).toBe('env@host.example');
  });

  it('falls back to the first header From address, folded lines included', () => {
    expect(senderOf(raw('Subject: hi\r\nFrom: "Tom, Jr."\r\n <Tom@Student.example>'), null)).toBe(
      'tom@student.example',
    );
    expect(senderOf(raw('Subject: no from'), null)).toBeNull();
  });
});
