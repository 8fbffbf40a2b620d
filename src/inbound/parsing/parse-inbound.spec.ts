import { MalformedEmailError, messageIds, parseInbound } from './parse-inbound';

const eml = (headers: string, body = 'Hello') => Buffer.from(`${headers}\r\n\r\n${body}\r\n`);

describe('parseInbound', () => {
  it('reads addresses, ids and text', async () => {
    const parsed = await parseInbound(
      eml(
        [
          'From: "Ann Example" <Ann@Example.ORG>',
          'To: pair-abc@relay.localhost',
          'Cc: Bob <bob@example.org>',
          'Subject: Re: Week 1',
          'Message-ID: <m2@example.org>',
          'In-Reply-To: <m1@relay.localhost>',
          'References: <m0@example.org>\r\n <m1@relay.localhost>',
          'Auto-Submitted: no',
        ].join('\r\n'),
      ),
    );
    expect(parsed.from).toBe('ann@example.org');
    expect(parsed.fromName).toBe('Ann Example');
    expect(parsed.cc).toEqual(['bob@example.org']);
    expect(parsed.messageId).toBe('m2@example.org');
    expect(parsed.inReplyTo).toBe('m1@relay.localhost');
    expect(parsed.references).toEqual(['m0@example.org', 'm1@relay.localhost']);
    expect(parsed.text?.trim()).toBe('Hello');
    expect(parsed.autoSubmitted).toBe('no');
  });

  it.each([
    ['empty', Buffer.alloc(0), /empty/],
    ['garbage', Buffer.from('\u0000\u0001 not an email at all'), /no header block/],
    ['no From', eml('To: a@b.c\r\nSubject: x'), /no From/],
    ['two From headers', eml('From: a@b.c\r\nFrom: x@evil.example\r\nTo: a@b.c'), /2 From headers/],
    ['two addresses in From', eml('From: a@b.c, x@evil.example\r\nTo: a@b.c'), /2 addresses in From/],
    ['a group of two in From', eml('From: us: a@b.c, x@evil.example;\r\nTo: a@b.c'), /2 addresses/],
  ])('rejects %s input as malformed', async (_name, raw, reason) => {
    await expect(parseInbound(raw)).rejects.toThrow(MalformedEmailError);
    await expect(parseInbound(raw)).rejects.toThrow(reason);
  });

  it('drops NUL characters that PostgreSQL text cannot store', async () => {
    const parsed = await parseInbound(eml('From: a@b.example\r\nSubject: hi\u0000there', 'bo\u0000dy'));
    expect(parsed.subject).toBe('hithere');
    expect(parsed.text?.trim()).toBe('body');
  });
});

describe('messageIds', () => {
  it('extracts bare ids in order without duplicates', () => {
    expect(messageIds('<a@x> <b@y>\r\n <a@x>')).toEqual(['a@x', 'b@y']);
    expect(messageIds(['<a@x>', '<c@z>'])).toEqual(['a@x', 'c@z']);
    expect(messageIds(undefined)).toEqual([]);
    expect(messageIds('bare@id')).toEqual(['bare@id']);
  });
});
