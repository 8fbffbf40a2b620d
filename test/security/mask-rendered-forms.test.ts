import { load } from 'cheerio';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { pairingWith } from '../outbound/support/outbound-world';
import type { PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { attachmentNamed, email, everything, file, multipart, sendSmtp } from './leaks-support';

const MENTOR = 'quillon.varga@privmail.example';
const MENTEE = 'odile.brack@student-mail.example';
const LOCAL = 'quillon.varga';

/**
 * Spellings that the address pattern did not see but a reader's client shows as the address:
 * percent-escaped letters (a mail client decodes a mailto: link, RFC 6068), runs longer than a
 * local part may be, invisible and compatibility characters, a right-to-left override.
 */
const TEXT_LINES = [
  `- mailto:${LOCAL}@priv%6Dail.example`,
  `- https://cal.example/book?to=${LOCAL}@priv%6Dail.example&x=1`,
  `- Email:${'_'.repeat(61)}${MENTOR}`,
  `- ${LOCAL}+${'x'.repeat(61)}@privmail.example`,
  `- ${LOCAL}@priv\u200Bmail.example`,
  `- ${LOCAL}@priv\u00ADmail.example`,
  `- ${LOCAL}@priv\u2060mail.ex\uFEFFample`,
  `- ${LOCAL}\uFE6Bprivmail.example`,
  `- \u202Eelpmaxe.liamvirp@nolliuq\u202C`,
  `${'-'.repeat(70)}${MENTOR}`,
];

// An HTML-only reply: its HTML is what the partner's copy shows.
const HTML_BODY =
  `<p>Hi Odile,</p><p><a href="mailto:${LOCAL}@priv%6Dail.example">Write to me directly</a> or ` +
  `<a href="https://cal.example/book?to=${LOCAL}@priv%6Dail.example">book a call</a>.</p>` +
  `<p>Or ${LOCAL}@priv&#x200B;mail.example, ${LOCAL}&#xFE6B;privmail.example.</p><p>Quillon</p>`;

const CV =
  '<html><head><title>CV</title><style>h1{color:navy}</style></head><body><h1>Curriculum vitae</h1>' +
  `<p><span>${LOCAL}</span>@privmail.example, ${LOCAL}@<b>privmail.example</b>, ` +
  `${LOCAL}&#64;priv&#109;ail.example</p></body></html>`;

const INVITE = [
  'BEGIN:VCALENDAR',
  'METHOD:REQUEST',
  'VERSION:2.0',
  'BEGIN:VEVENT',
  `ORGANIZER;CN=Quillon:mailto:${MENTOR}`,
  'UID:call-1',
  'SUMMARY:Our first call',
  `X-ALT-DESC;FMTTYPE=text/html:<html><body><p>Call me: <span>${LOCAL}</span>@privmail.example or ${LOCAL}&#64\\;priv&#109\\;ail.example</p></body></html>`,
  'DTSTART:20260310T170000Z',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/** "quillon.varga﹫privmail.example.exe", RFC 2047-encoded as clients write non-ASCII names. */
const DROPPED_NAME = `=?utf-8?B?${Buffer.from(`${LOCAL}\uFE6Bprivmail.example.exe`).toString('base64')}?=`;

function textEmail(relay: string): string {
  return email(
    [
      `From: <${MENTOR}>`,
      `To: <${relay}>`,
      'Subject: Spellings in text',
      `Date: ${new Date().toUTCString()}`,
    ],
    {
      headers: ['Content-Type: text/plain; charset=utf-8'],
      body: `Hi Odile,\r\n\r\n${TEXT_LINES.join('\r\n')}\r\n`,
    },
  );
}

function htmlEmail(relay: string): string {
  return email(
    [
      `From: <${MENTOR}>`,
      `To: <${relay}>`,
      `Subject: Files, or write to ${LOCAL}@priv%6Dail.example`,
      `Date: ${new Date().toUTCString()}`,
    ],
    multipart('mixed', [
      { headers: ['Content-Type: text/html; charset=utf-8'], body: HTML_BODY },
      file('text/html; charset=utf-8', 'cv.html', CV),
      file('text/calendar; method=REQUEST; charset=utf-8', 'invite.ics', INVITE),
      file('application/x-msdownload', DROPPED_NAME, 'MZ\x90\x00'),
    ]),
  );
}

/**
 * What a reader could be shown, as plain strings: tags removed and references decoded (a browser
 * or mail client rendering HTML), iCalendar escapes and percent-escapes decoded, compatibility
 * forms folded and invisible characters removed.
 */
function rendered(view: string): string {
  const unescaped = view.replace(/\\([,;\\])/g, '$1');
  const $ = load(unescaped);
  const attributes = $('*')
    .toArray()
    .flatMap((el) => Object.values((el as unknown as { attribs?: Record<string, string> }).attribs ?? {}));
  return [unescaped, $.text(), ...attributes]
    .map((v) =>
      v
        .replace(/(?:%[0-9a-f]{2})+/gi, (m) => {
          try {
            return decodeURIComponent(m);
          } catch {
            return m;
          }
        })
        .normalize('NFKC')
        .replace(/\p{Default_Ignorable_Code_Point}/gu, ''),
    )
    .join('\n')
    .toLowerCase();
}

describe('security: spellings of an address that only render as one are masked', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let textCopy: OutboxEmail;
  let htmlCopy: OutboxEmail;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    world = await pairingWith(running.app, { mentor: MENTOR, mentee: MENTEE });
    const port = running.app.get(SmtpListener).port!;
    const relay = world.pairing.relayAddress;
    expect(await sendSmtp(port, MENTOR, relay, textEmail(relay))).toBe(250);
    expect(await sendSmtp(port, MENTOR, relay, htmlEmail(relay))).toBe(250);
    const copies = await waitFor(async () => {
      const toMentee = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === MENTEE);
      return toMentee.length === 2 ? toMentee : undefined;
    }, 60_000);
    textCopy = copies.find((m) => m.parsed.subject?.includes('Spellings'))!;
    htmlCopy = copies.find((m) => m.parsed.subject?.includes('Files'))!;
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('shows the partner no spelling of the address, in any part, attachment or name', async () => {
    for (const copy of [textCopy, htmlCopy]) {
      const seen = rendered(await everything(copy.raw.replace(/^To:.*(\r?\n[ \t].*)*/im, '')));
      expect(seen).not.toContain(LOCAL);
      expect(seen).not.toContain('privmail');
      // The override that would show "quillon@privmail.example" from its reverse is gone.
      expect(seen).not.toMatch(/\u202E|&#x0*202e|&#8238/i);
    }
  });

  it('masks each line of the text copy where it stood', () => {
    const lines = (textCopy.parsed.text ?? '').split('\n');
    expect(lines.filter((l) => l.startsWith('- '))).toEqual([
      '- mailto:[address hidden]',
      '- https://cal.example/book?to=[address hidden]&x=1',
      `- Email:${'_'.repeat(61)}[address hidden]`,
      '- [address hidden]',
      '- [address hidden]',
      '- [address hidden]',
      '- [address hidden]',
      '- [address hidden]',
      '- elpmaxe.liamvirp@nolliuq',
    ]);
    expect(lines).toContain(`${'-'.repeat(70)}[address hidden]`);
  });

  it('drops a link to a hidden address and keeps the rest of the HTML, attachments and note', () => {
    const html = String(htmlCopy.parsed.html);
    expect(html).toContain('<a>Write to me directly</a>');
    expect(htmlCopy.parsed.subject).toBe('Files, or write to [address hidden]');
    const cv = attachmentNamed(htmlCopy.parsed, /^cv\.html$/)!.content.toString('utf8');
    expect(cv).toContain('Curriculum vitae');
    expect(cv.split('[address hidden]')).toHaveLength(4);
    const ics = attachmentNamed(htmlCopy.parsed, /\.ics$/)!
      .content.toString('utf8')
      .replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('SUMMARY:Our first call');
    expect(ics).toMatch(
      /^X-ALT-DESC;FMTTYPE=text\/html:<p>Call me: \[address hidden\] or \[address hidden\]<\/p>$/m,
    );
    expect(htmlCopy.parsed.text).toContain(
      '1 attachment was not passed on: address-hidden (file type not allowed).',
    );
  });
});
