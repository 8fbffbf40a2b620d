import { load } from 'cheerio';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { PairingWorld } from '../factories/pairing.factory';
import { email, file, multipart, sendSmtp } from '../security/leaks-support';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { pairingWith } from './support/outbound-world';

/**
 * Nothing vanishes silently: a file the policy (type) or the size limit leaves out is named in
 * the partner's copy, in both parts, and the sender still gets their notice naming it.
 */

const MENTOR = 'maria.quillfeather@mentor-mail.example';
const MENTEE = 'tom.brightwater@student-mail.example';
const NOTE =
  '2 attachments were not passed on: setup.exe (file type not allowed), portfolio.pdf (file too large).';
const pdf = (filler: number) => `%PDF-1.4\n${'%'.repeat(filler)}\n%%EOF\n`;

describe('relay: dropped attachments are noted in the partner copy', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let copy: OutboxEmail;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ATTACHMENT_MAX_BYTES: '4096' });
    world = await pairingWith(running.app, { mentor: MENTOR, mentee: MENTEE });
    const relay = world.pairing.relayAddress;
    const raw = email(
      [
        `From: Maria Quillfeather <${MENTOR}>`,
        `To: <${relay}>`,
        'Subject: My CV and portfolio',
        'Message-ID: <cv.portfolio.1@mentor-mail.example>',
        `Date: ${new Date().toUTCString()}`,
      ],
      multipart('mixed', [
        multipart('alternative', [
          {
            headers: ['Content-Type: text/plain; charset=utf-8'],
            body: 'Here are my CV, portfolio and the tool.\n',
          },
          {
            headers: ['Content-Type: text/html; charset=utf-8'],
            body: '<div>Here are my <b>CV</b>, portfolio and the tool.</div>',
          },
        ]),
        file('application/pdf', 'cv.pdf', pdf(100)),
        file('application/x-msdownload', 'setup.exe', 'MZ\x90\x00'),
        file('application/pdf', 'portfolio.pdf', pdf(8000)),
      ]),
    );
    expect(await sendSmtp(running.app.get(SmtpListener).port!, MENTOR, relay, raw)).toBe(250);
    copy = await waitFor(
      async () => (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === MENTEE),
      60_000,
    );
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('relays what it may', () => {
    expect(copy.parsed.attachments.map((a) => a.filename)).toEqual(['cv.pdf']);
  });

  it('names each file left out, and why, under the author’s words in the text part', () => {
    const text = copy.parsed.text ?? '';
    expect(text).toContain(`Here are my CV, portfolio and the tool.\n\n${NOTE}`);
    expect(text.indexOf(NOTE)).toBeLessThan(text.indexOf('-- \n'));
  });

  it('names them in the HTML part too', () => {
    const $ = load(String(copy.parsed.html));
    expect($('p').filter((_, p) => $(p).text() === NOTE)).toHaveLength(1);
    expect($('b').text()).toBe('CV');
  });

  it('still tells the sender, in their own notice', async () => {
    const notice = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === MENTOR),
    );
    expect(notice.parsed.text).toMatch(/setup\.exe: /);
    expect(notice.parsed.text).toMatch(/portfolio\.pdf: [^\n]*larger than/);
  });
});
