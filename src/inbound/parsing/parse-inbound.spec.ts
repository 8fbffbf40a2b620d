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

describe('parseInbound: tolerant intake', () => {
  const reply = ['From: Ann <ann@example.org>', 'To: pair-abc@relay.localhost', 'Subject: Re: Week 1'];

  it.each([
    ['an mbox "From " line', `From ann@example.org Sat Dec  7 11:53:58 2019\r\n${reply.join('\r\n')}`],
    ['a UTF-8 byte-order mark', `\ufeff${reply.join('\r\n')}`],
    ['a BOM and an mbox line', `\ufeffFrom MAILER-DAEMON Fri Jul  8 12:08:34 2011\n${reply.join('\n')}`],
    ['bare LF line ends', reply.join('\n')],
    ['leading lines of spaces', `${' '.repeat(255)}\n\r\n${reply.join('\r\n')}`],
    ['an indented first header', ` ${reply.join('\r\n')}`],
    ['whitespace before the colon (RFC 5322 §4.5)', reply.map((l) => l.replace(':', ' :')).join('\r\n')],
    ['a first "From :" field', `From\t: Ann <ann@example.org>\r\n${reply.slice(1).join('\r\n')}`],
    [
      'a field name folded before its colon',
      `From\r\n : Ann <ann@example.org>\r\n${reply.slice(1).join('\r\n')}`,
    ],
    [
      'an obs-phrase and a comment',
      `From: Ann Q. Lee (mentee) <ann@example.org>\r\n${reply.slice(1).join('\r\n')}`,
    ],
    ['an obs-route', `From: Ann <@relay.example.net:ann@example.org>\r\n${reply.slice(1).join('\r\n')}`],
  ])('parses a reply with %s', async (_name, head) => {
    const parsed = await parseInbound(Buffer.from(`${head}\r\n\r\nSee you on Monday.\r\n`));
    expect(parsed.from).toBe('ann@example.org');
    expect(parsed.subject).toBe('Re: Week 1');
    expect(parsed.text?.trim()).toBe('See you on Monday.');
  });

  it('still counts a second From written with obsolete syntax', async () => {
    const raw = eml('From: <any@attack.example>\r\nFrom : <admin@legitimate.example>\r\nTo: a@b.c');
    await expect(parseInbound(raw)).rejects.toThrow(/2 From headers/);
  });

  it('leaves the body as written', async () => {
    const parsed = await parseInbound(eml(reply.join('\r\n'), 'Subject : not a header\r\nFrom a friend'));
    expect(parsed.text?.trim()).toBe('Subject : not a header\r\nFrom a friend'.replace(/\r/g, ''));
  });
});

describe('parseInbound: obsolete addresses and line ends', () => {
  it.each([
    ['a bare address spaced around its dots and at sign', 'From: ann . lee @ example . org (Ann)'],
    ['an angle address spaced and folded', 'From: Ann Q. Lee <ann . lee\r\n @ example.org>'],
  ])('reads %s', async (_name, from) => {
    const parsed = await parseInbound(eml(`${from}\r\nSubject: x`));
    expect(parsed.from).toBe('ann.lee@example.org');
  });

  it('keeps a quoted local part and a display name as written', async () => {
    const quoted = await parseInbound(eml('From: "ann lee"@example.org\r\nSubject: x'));
    expect(quoted.from).toBe('"ann lee"@example.org');
    const named = await parseInbound(eml('From: Ann Q. Lee <ann@example.org>\r\nSubject: x'));
    expect(named.fromName).toBe('Ann Q. Lee');
  });

  it('reads CR-only line ends', async () => {
    const parsed = await parseInbound(Buffer.from('From: Ann <ann@example.org>\rSubject: x\r\rbody\r'));
    expect(parsed.from).toBe('ann@example.org');
    expect(parsed.text?.trim()).toBe('body');
  });
});
