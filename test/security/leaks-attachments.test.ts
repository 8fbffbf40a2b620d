import { simpleParser } from 'mailparser';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { pairingWith } from '../outbound/support/outbound-world';
import type { PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { attachmentNamed, email, everything, file, leaksIn, multipart, sendSmtp } from './leaks-support';

const MENTOR = 'maria.quillfeather@mentor-mail.example';
const MENTEE = 'tom.brightwater@student-mail.example';
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/** `“Write to <MENTOR>” – €5`, as Notepad on a Western Windows saves it. */
const WINDOWS_1252_NOTES = Buffer.concat([
  Buffer.from([0x93]),
  Buffer.from(`Write to ${MENTOR}`, 'latin1'),
  Buffer.from([0x94, 0x20, 0x96, 0x20, 0x80]),
  Buffer.from('5\r\n', 'latin1'),
]);

/** What Thunderbird, Outlook and Apple Mail attach on their own, and what people attach by hand. */
function hostileEmail(relay: string): string {
  const card = `BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Maria Quillfeather\r\nEMAIL;TYPE=INTERNET:${MENTOR}\r\nEND:VCARD\r\n`;
  const invite = [
    'BEGIN:VCALENDAR',
    'METHOD:REQUEST',
    'VERSION:2.0',
    'BEGIN:VEVENT',
    // Folded inside the address, as Outlook does at 75 octets.
    `ORGANIZER;CN=Maria Quillfeather;SENT-BY="mailto:${MENTOR}":MAILTO:${MENTOR.slice(0, 10)}`,
    ` ${MENTOR.slice(10)}`,
    `ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE;CN=${MENTEE}:mailto:${MENTEE}`,
    `ATTENDEE;CN=Maria;EMAIL=${MENTOR.replace('@', '+cal@')}:mailto:${MENTOR.toUpperCase()}`,
    `UID:040000008200E00074C5B7101A82E00800000000-${MENTOR}`,
    'SUMMARY:Our first call',
    `DESCRIPTION:Questions? ${MENTOR.replace('@', '%40')}\\nhttps://meet.example/j/1?u=${MENTOR}`,
    'DTSTART:20260310T170000Z',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
  const forwarded = email(
    [
      `Received: from mx.mentor-mail.example by mx.example.org; Tue, 3 Mar 2026 10:00:00 +0000`,
      `From: Maria Quillfeather <${MENTOR}>`,
      `Reply-To: ${MENTOR.replace('@', '+replies@')}`,
      `To: "Careers office" <careers@uni.example>`,
      `Subject: My CV draft (${MENTOR})`,
      `Message-ID: <cv.1@mentor-mail.example>`,
      'Date: Tue, 3 Mar 2026 10:00:00 +0000',
    ],
    multipart('mixed', [
      {
        headers: ['Content-Type: text/plain; charset=utf-8'],
        body: `Here is my CV.\r\n--\r\nMaria Q\r\n${MENTOR.toUpperCase()}\r\n`,
      },
      file('text/vcard', 'maria.vcf', card),
    ]),
  );
  const notes = `Write to ${MENTOR.replace('@', '+notes@')} or mailto:${MENTOR.replace('@', '%40')}, ${MENTOR.toUpperCase()}.\r\n`;

  const related = multipart('related', [
    {
      headers: ['Content-Type: text/html; charset=utf-8'],
      body: `<p>See attached.</p><img src="cid:${MENTOR}"><img src="cid:part1.Xq3Zz9.Q@mentor-mail.example">`,
    },
    {
      headers: [
        'Content-Type: image/png; name="image001.png"',
        'Content-Disposition: inline; filename="image001.png"',
        `Content-ID: <${MENTOR}>`,
      ],
      body: PNG,
    },
    {
      headers: [
        'Content-Type: image/png; name="image002.png"',
        'Content-Disposition: inline; filename="image002.png"',
        'Content-ID: <part1.Xq3Zz9.Q@mentor-mail.example>',
      ],
      body: PNG,
    },
  ]);
  const body = multipart('mixed', [
    multipart('alternative', [
      {
        headers: ['Content-Type: text/plain; charset=utf-8'],
        body: 'Hi Jonathan, everything for Tuesday is attached.\r\nSam\r\n',
      },
      related,
    ]),
    file('text/calendar; method=REQUEST; charset=utf-8', 'invite.ics', invite),
    { ...file('message/rfc822', 'My CV draft.eml', forwarded), raw: true },
    file(
      'application/pkcs7-mime; smime-type=signed-data',
      'smime.p7m',
      Buffer.from(`0\x82\x05 signer ${MENTOR}`, 'latin1'),
    ),
    file('text/plain; charset=utf-8', 'contact details.txt', card),
    file('application/octet-stream', 'maria.card', card),
    file('application/vcard+json', 'me.json', `["vcard",[["email",{},"text","${MENTOR}"]]]`),
    file('text/plain; charset=utf-8', 'notes.txt', notes),
    file('text/plain; charset=utf-16', 'notes-utf16.txt', Buffer.from(`\ufeff${notes}`, 'utf16le')),
    // Windows' own code page: curly quotes, a dash and the euro sign sit in 0x80-0x9F, outside Latin-1.
    file('text/plain; charset=windows-1252', 'notes-1252.txt', WINDOWS_1252_NOTES),
    file('application/pdf', `${MENTOR} notes.pdf`, '%PDF-1.4\n%%EOF\n'),
    file('image/png', 'photo.png', `not a picture: ${MENTOR}`),
    file('application/x-msdownload', 'setup.exe', 'MZ\x90\x00'),
  ]);
  return email(
    [
      `From: Sam Support <${MENTOR}>`,
      `To: <${relay}>`,
      'Subject: Files for Tuesday',
      `Message-ID: <files.1@mentor-mail.example>`,
      `Date: ${new Date().toUTCString()}`,
    ],
    body,
  );
}

describe('security: attachments do not carry a participant address to the partner', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let relayed: OutboxEmail;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    world = await pairingWith(running.app, { mentor: MENTOR, mentee: MENTEE });
    const port = running.app.get(SmtpListener).port!;
    expect(
      await sendSmtp(port, MENTOR, world.pairing.relayAddress, hostileEmail(world.pairing.relayAddress)),
    ).toBe(250);
    relayed = await waitFor(
      async () => (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === MENTEE),
      60_000,
    );
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('relays no spelling of the author’s address, in any header, part, name, id or attached email', async () => {
    const seen = await everything(relayed.raw.replace(/^To:.*(\r?\n[ \t].*)*/im, ''));
    expect(leaksIn(seen, [MENTOR])).toEqual([]);
    // The partner's own address appears only in the To header (the calendar named them too).
    expect(leaksIn(seen, [MENTEE])).toEqual([]);
  });

  it('rewrites the calendar invite: organizer and attendees are the relay address', () => {
    const ics = attachmentNamed(relayed.parsed, /\.ics$/)!
      .content.toString('utf8')
      .replace(/\r\n[ \t]/g, '');
    const relay = world.pairing.relayAddress;
    expect(ics).toMatch(
      new RegExp(`^ORGANIZER;CN=Maria Quillfeather;SENT-BY="mailto:${relay}":mailto:${relay}$`, 'm'),
    );
    expect(ics.match(/^ATTENDEE.*$/gm)?.every((l) => l.endsWith(`:mailto:${relay}`))).toBe(true);
    expect(ics).toContain('SUMMARY:Our first call');
    expect(attachmentNamed(relayed.parsed, /\.ics$/)!.contentType).toBe('text/calendar');
  });

  it('rebuilds the forwarded email from its masked headers and text', async () => {
    const eml = attachmentNamed(relayed.parsed, /\.eml$/)!;
    expect(eml.contentType).toBe('message/rfc822');
    const inner = await everything(eml.content);
    expect(inner).toContain('Here is my CV.');
    expect(inner).toContain('My CV draft ([address hidden])');
    expect(inner).toContain('1 attachment of this email not relayed');
    expect(inner).not.toMatch(/BEGIN:VCARD|Received:|careers@uni/i);
  });

  it('masks text attachments like a body, whatever their charset', () => {
    for (const name of [/^notes\.txt$/, /^notes-utf16\.txt$/]) {
      const text = attachmentNamed(relayed.parsed, name)!.content.toString('utf8');
      expect(text).toBe('Write to [address hidden] or mailto:[address hidden], [address hidden].\r\n');
    }
  });

  it('relays a windows-1252 text attachment as UTF-8 with its own characters, masked', () => {
    const notes = attachmentNamed(relayed.parsed, /^notes-1252\.txt$/)!;
    expect(notes.content.toString('utf8')).toBe('“Write to [address hidden]” – €5\r\n');
  });

  it('masks an address in a file name before "@" becomes "_"', () => {
    expect(relayed.parsed.attachments.map((a) => a.filename)).toContain('address-hidden_notes.pdf');
  });

  it('sends inline images under Content-IDs of its own, and the HTML points at them', async () => {
    const images = relayed.parsed.attachments.filter((a) => /^image00[12]\.png$/.test(a.filename ?? ''));
    expect(images).toHaveLength(2);
    const domain = world.pairing.relayAddress.split('@')[1];
    const ids = images.map((a) => a.contentId!.replace(/^<|>$/g, ''));
    for (const id of ids) expect(id.endsWith(`@${domain}`)).toBe(true);
    // Parsed again keeping cid: links (readOutbox's parse inlines the images as data: URLs).
    const html = String((await simpleParser(relayed.raw, { keepCidLinks: true })).html);
    const refs = [...html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    expect(refs.sort()).toEqual([...ids].sort());
  });

  it('drops signatures, contact cards found by content, and types off the allow-list, and names each in a notice', async () => {
    const names = relayed.parsed.attachments.map((a) => a.filename).sort();
    expect(names).toEqual(
      [
        'My_CV_draft.eml',
        'address-hidden_notes.pdf',
        'image001.png',
        'image002.png',
        'invite.ics',
        'notes-1252.txt',
        'notes-utf16.txt',
        'notes.txt',
      ].sort(),
    );
    const notice = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === MENTOR),
    );
    const text = notice.parsed.text ?? '';
    expect(notice.parsed.subject).toContain('Not every attachment was passed on');
    for (const [name, why] of [
      ['smime.p7m', 'S/MIME'],
      ['contact details.txt', 'contact card'],
      ['maria.card', 'contact card'],
      ['me.json', 'contact card'],
      ['photo.png', 'cannot check'],
      ['setup.exe', 'cannot check'],
    ])
      expect(text).toMatch(new RegExp(`${name.replace('.', '\\.')}: [^\\n]*${why}`));
  });
});
