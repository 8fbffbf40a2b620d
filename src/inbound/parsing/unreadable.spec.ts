import { readUnreadableHeaders, unreadableSender } from './unreadable';

const ann = { email: 'ann@example.org', emailAliases: ['ann@example.org', 'ann.lee@work.example'] };
const bob = { email: 'bob@example.net', emailAliases: ['bob@example.net'] };
const members = [ann, bob];

describe('readUnreadableHeaders', () => {
  it('reads every address of every From header, the subject and the id', async () => {
    const raw = Buffer.from(
      'From: Ann <Ann@Example.org>, x@evil.example\r\nFrom: y@evil.example\r\nSubject: Hi\u0000\r\nMessage-ID: <m1@x>\r\n\r\nbody',
    );
    const h = await readUnreadableHeaders(raw);
    expect(h.fromAddresses).toEqual(['ann@example.org', 'x@evil.example', 'y@evil.example']);
    expect(h.subject).toBe('Hi');
    expect(h.messageId).toBe('m1@x');
  });

  it('returns nothing for bytes that hold no header', async () => {
    const h = await readUnreadableHeaders(Buffer.from('\u0000\u0001 not an email'));
    expect(h.fromAddresses).toEqual([]);
  });
});

describe('unreadableSender', () => {
  it('is the member whose address the envelope is, when From is absent or names them', () => {
    expect(unreadableSender({ fromAddresses: [] }, 'ann.lee@work.example', members)).toBe(ann);
    expect(
      unreadableSender({ fromAddresses: ['ann@example.org', 'x@evil.example'] }, 'ANN@example.org', members),
    ).toBe(ann);
  });

  it('is nobody when the envelope is a stranger, the null sender, or disagrees with From', () => {
    expect(unreadableSender({ fromAddresses: ['ann@example.org'] }, 'x@evil.example', members)).toBeNull();
    expect(unreadableSender({ fromAddresses: ['ann@example.org'] }, '', members)).toBeNull();
    expect(unreadableSender({ fromAddresses: ['x@evil.example'] }, 'ann@example.org', members)).toBeNull();
  });

  it('without an envelope, needs From to name exactly one member', () => {
    expect(unreadableSender({ fromAddresses: ['ann@example.org', 'x@evil.example'] }, null, members)).toBe(
      ann,
    );
    expect(
      unreadableSender({ fromAddresses: ['ann@example.org', 'bob@example.net'] }, null, members),
    ).toBeNull();
    expect(unreadableSender({ fromAddresses: [] }, null, members)).toBeNull();
  });
});
