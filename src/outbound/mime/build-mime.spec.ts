import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import { buildMime, InvalidOutgoingMailError, LOOP_HEADER } from './build-mime';
import type { OutgoingMail } from './build-mime';
import { PNG, relayedMail as relayed } from '../../../test/factories/outgoing-mail';

/** Header names in the raw header block, in order, as they went on the wire. */
function headerNames(raw: Buffer): string[] {
  const block = raw.toString('latin1').split('\r\n\r\n')[0];
  return block
    .replace(/\r\n[ \t]/g, ' ')
    .split('\r\n')
    .map((line) => line.slice(0, line.indexOf(':')));
}

function rawHeader(raw: Buffer, name: string): string | undefined {
  const block = raw
    .toString('latin1')
    .split('\r\n\r\n')[0]
    .replace(/\r\n[ \t]+/g, ' ');
  const line = block.split('\r\n').find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
  return line?.slice(name.length + 1).trim();
}

/** RFC 2047 Q-encoded words, as MailComposer writes them; mailparser leaves unknown headers encoded. */
function decodeQWords(value: string): string {
  return value.replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_, q: string) => {
    const bytes: number[] = [];
    for (let i = 0; i < q.length; i++) {
      if (q[i] === '=') {
        bytes.push(parseInt(q.slice(i + 1, i + 3), 16));
        i += 2;
      } else bytes.push(q[i] === '_' ? 0x20 : q.charCodeAt(i));
    }
    return Buffer.from(bytes).toString('utf8');
  });
}

async function build(mail: OutgoingMail): Promise<{ raw: Buffer; parsed: ParsedMail }> {
  const raw = await buildMime(mail);
  return { raw, parsed: await simpleParser(raw) };
}

const ALLOWED = new Set([
  'From',
  'Reply-To',
  'To',
  'Subject',
  'Date',
  'Message-ID',
  'In-Reply-To',
  'References',
  'Thread-Topic',
  'Thread-Index',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'Content-Language',
  'Auto-Submitted',
  'X-Auto-Response-Suppress',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  LOOP_HEADER,
]);

describe('buildMime', () => {
  it('builds a relayed human message with exactly our ids and no automation headers', async () => {
    const { raw, parsed } = await build(relayed());

    expect(parsed.from?.value).toEqual([
      { name: 'Ann via Bright Futures', address: 'm-ann123@relay.localhost' },
    ]);
    expect(parsed.replyTo?.value[0].address).toBe('m-ann123@relay.localhost');
    expect(parsed.to).toMatchObject({ value: [{ address: 'bob@example.com', name: '' }] });
    expect(parsed.subject).toBe('Re: Your first week');
    expect(rawHeader(raw, 'Message-ID')).toBe('<k3j9x@relay.localhost>');
    expect(rawHeader(raw, 'In-Reply-To')).toBe('<p1@relay.localhost>');
    expect(rawHeader(raw, 'References')).toBe('<root@relay.localhost> <p1@relay.localhost>');
    expect(parsed.date?.toISOString()).toBe('2026-03-04T10:20:30.000Z');
    expect(parsed.text).toBe('Hi Bob,\nthanks!\n');
    expect(parsed.html).toBe(false);

    const names = headerNames(raw);
    for (const name of names) expect(ALLOWED).toContain(name);
    for (const absent of [
      'Auto-Submitted',
      'X-Auto-Response-Suppress',
      'List-Id',
      'List-Unsubscribe',
      'List-Unsubscribe-Post',
      LOOP_HEADER,
      'X-Mailer',
      'Cc',
      'Bcc',
      'Sender',
      'Thread-Index',
    ]) {
      expect(names).not.toContain(absent);
    }
    expect(new Set(names).size).toBe(names.length);
  });

  it('does not reveal the library in headers or boundaries', async () => {
    const { raw } = await build(relayed({ html: '<p>hi</p>' }));
    const text = raw.toString('latin1');
    expect(text).not.toMatch(/nodemailer|NmP|X-Mailer/i);
  });

  it('marks automated mail with auto-generated, List-Id and one-click unsubscribe', async () => {
    const { raw, parsed } = await build(
      relayed({
        automated: {
          listId: 'prompts.bright-futures.relay.localhost',
          unsubscribeUrl: 'https://mentormail.localhost/u/' + 'x'.repeat(60),
          unsubscribeMailto: 'mailto:unsub+tok@relay.localhost',
        },
      }),
    );
    expect(rawHeader(raw, 'Auto-Submitted')).toBe('auto-generated');
    expect(rawHeader(raw, 'X-Auto-Response-Suppress')).toBe('All');
    expect(rawHeader(raw, 'List-Id')).toBe('<prompts.bright-futures.relay.localhost>');
    expect(rawHeader(raw, 'List-Unsubscribe')).toBe(
      `<https://mentormail.localhost/u/${'x'.repeat(60)}>, <mailto:unsub+tok@relay.localhost>`,
    );
    expect(rawHeader(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    // Mail clients see the same through a MIME parser.
    expect(parsed.headers.get('list')).toMatchObject({
      unsubscribe: {
        url: `https://mentormail.localhost/u/${'x'.repeat(60)}`,
        mail: 'unsub+tok@relay.localhost',
      },
    });
    // Folded between the two URIs; no line near SES's 1,000-character limit.
    const block = raw.toString('latin1').split('\r\n\r\n')[0];
    expect(block).toContain(',\r\n <mailto:unsub+tok@relay.localhost>');
    for (const line of block.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('marks notices as auto-replied without list headers', async () => {
    const { raw } = await build(relayed({ autoReplied: true }));
    expect(rawHeader(raw, 'Auto-Submitted')).toBe('auto-replied');
    expect(rawHeader(raw, 'X-Auto-Response-Suppress')).toBe('All');
    expect(headerNames(raw)).not.toContain('List-Unsubscribe');
  });

  it('refuses a message that is both automated and an auto-reply', async () => {
    const mail = relayed({
      autoReplied: true,
      automated: { listId: 'a.b', unsubscribeUrl: 'https://a.b/u', unsubscribeMailto: 'u@a.b' },
    });
    await expect(buildMime(mail)).rejects.toBeInstanceOf(InvalidOutgoingMailError);
  });

  it('lists an http unsubscribe URL (a local demo) but never offers it as one-click', async () => {
    const { raw } = await build(
      relayed({ automated: { listId: 'a.b', unsubscribeUrl: 'http://a.b/u', unsubscribeMailto: 'u@a.b' } }),
    );
    expect(rawHeader(raw, 'List-Unsubscribe')).toBe('<http://a.b/u>, <mailto:u@a.b>');
    expect(headerNames(raw)).not.toContain('List-Unsubscribe-Post');
  });

  it('rejects an unsubscribe URL that is not http(s)', async () => {
    for (const unsubscribeUrl of ['javascript:alert(1)', 'ftp://a.b/u', 'https://a.b/u x']) {
      const mail = relayed({ automated: { listId: 'a.b', unsubscribeUrl, unsubscribeMailto: 'u@a.b' } });
      await expect(buildMime(mail)).rejects.toThrow(/http\(s\) URL/);
    }
  });

  it('carries the loop stamp, Outlook thread headers and language', async () => {
    const { raw, parsed } = await build(
      relayed({
        loopStamp: 'v1.pairing-42.hop1',
        threadTopic: 'Deine erste Woche – Zoë',
        threadIndex: 'AQHZ4bP5AAECAwQFBgcICQoLDA0ODw==',
        lang: 'de',
      }),
    );
    expect(rawHeader(raw, LOOP_HEADER)).toBe('v1.pairing-42.hop1');
    expect(rawHeader(raw, 'Thread-Index')).toBe('AQHZ4bP5AAECAwQFBgcICQoLDA0ODw==');
    expect(rawHeader(raw, 'Thread-Topic')).toMatch(/^=\?UTF-8\?/);
    expect(decodeQWords(rawHeader(raw, 'Thread-Topic') ?? '')).toBe('Deine erste Woche – Zoë');
    expect(parsed.headers.get('content-language')).toBe('de');
  });

  it('builds text, html and attachments, with an inline cid image', async () => {
    const { parsed } = await build(
      relayed({
        text: 'Grüße aus Köln',
        html: '<p>Grüße <img src="cid:logo@mm"></p>',
        attachments: [
          { filename: 'logo.png', contentType: 'image/png', content: PNG, cid: 'logo@mm' },
          { filename: 'plan.pdf', contentType: 'application/pdf', content: Buffer.from('%PDF-1.4 x') },
        ],
      }),
    );
    expect(parsed.text).toBe('Grüße aus Köln');
    expect(parsed.html).toContain('<p>Grüße <img src="data:image/png;base64,');
    expect(parsed.attachments).toHaveLength(2);
    const [logo, pdf] = parsed.attachments;
    expect(logo).toMatchObject({
      filename: 'logo.png',
      contentType: 'image/png',
      cid: 'logo@mm',
      related: true,
    });
    expect(logo.contentDisposition).toBe('inline');
    expect(logo.content.equals(PNG)).toBe(true);
    expect(pdf).toMatchObject({ filename: 'plan.pdf', contentDisposition: 'attachment' });
    expect(pdf.content.toString()).toBe('%PDF-1.4 x');
  });

  it('round-trips a non-ASCII display name and never lets an address through the name', async () => {
    const { raw, parsed } = await build(
      relayed({ from: { name: 'Zoë Ångström "ann@real.com" <x@y.z>', address: 'm-z@relay.localhost' } }),
    );
    const name = parsed.from?.value[0].name ?? '';
    expect(name).toContain('Zoë Ångström');
    expect(name).not.toContain('@');
    expect(parsed.from?.value).toHaveLength(1);
    expect(parsed.from?.value[0].address).toBe('m-z@relay.localhost');
    expect(raw.toString('latin1')).not.toContain('ann@real.com');
  });

  it('cannot be made to add headers or recipients through its inputs', async () => {
    const { raw, parsed } = await build(relayed({ subject: 'Hi\r\nBcc: eve@evil.example' }));
    expect(headerNames(raw)).not.toContain('Bcc');
    expect(parsed.subject).toContain('Hi');
    await expect(buildMime(relayed({ to: 'bob@example.com, eve@evil.example' }))).rejects.toThrow(
      InvalidOutgoingMailError,
    );
    await expect(buildMime(relayed({ to: 'Bob <bob@example.com>' }))).rejects.toThrow(/to/);
    await expect(buildMime(relayed({ messageId: '<k@relay.localhost>' }))).rejects.toThrow(/messageId/);
    await expect(buildMime(relayed({ references: ['ok@a', 'bad id@a'] }))).rejects.toThrow(/references/);
    await expect(buildMime(relayed({ loopStamp: 'a\r\nX-Evil: 1' }))).rejects.toThrow(/loopStamp/);
    await expect(buildMime(relayed({ threadIndex: 'not base64!' }))).rejects.toThrow(/threadIndex/);
  });

  it('never reads content from the file system', async () => {
    const mail = relayed();
    // A path-shaped attachment is only ever bytes we were given.
    const { parsed } = await build({
      ...mail,
      attachments: [{ filename: '/etc/passwd', contentType: 'text/plain', content: Buffer.from('ok') }],
    });
    expect(parsed.attachments[0].content.toString()).toBe('ok');
  });
});
