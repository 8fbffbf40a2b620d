import { load } from 'cheerio';
import type { ParsedMail } from 'mailparser';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { HIDDEN_ADDRESS_TEXT } from '../../src/outbound/mime';
import type { PairingWorld } from '../factories/pairing.factory';
import { email, everything, leaksIn, multipart, sendSmtp, type Part } from '../security/leaks-support';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { pairingWith } from './support/outbound-world';

/**
 * A member forwarding an email to the relay ("look at this offer") passes the forwarded message
 * on: it is not a quote to cut. Inline, as Gmail, Outlook and Apple Mail forward, and attached.
 * The subject keeps its forward prefix; every address in the forwarded message is hidden.
 */

const MENTOR = 'maria.quillfeather@mentor-mail.example';
const MENTEE = 'tom.brightwater@student-mail.example';
const SENDER = 'jobs@acme-careers.example';
const OFFER = 'We are offering a paid summer internship in our design studio';
const APPLY = 'https://acme-careers.example/jobs/summer-2026?src=mail';

const text = (body: string): Part => ({ headers: ['Content-Type: text/plain; charset=utf-8'], body });
const html = (body: string): Part => ({ headers: ['Content-Type: text/html; charset=utf-8'], body });

function forward(relay: string, subject: string, root: Part): string {
  return email(
    [
      `From: Maria Quillfeather <${MENTOR}>`,
      `To: <${relay}>`,
      `Subject: ${subject}`,
      `Message-ID: <${subject.replace(/\W+/g, '.')}@mentor-mail.example>`,
      `Date: ${new Date().toUTCString()}`,
    ],
    root,
  );
}

const gmail = (relay: string) =>
  forward(
    relay,
    'Fwd: Summer internship (gmail)',
    multipart('alternative', [
      text(
        `Look at this offer, <b>Tom</b>!\n\n---------- Forwarded message ---------\nFrom: Acme Careers <${SENDER}>\n` +
          `Date: Mon, 2 Mar 2026 at 09:00\nSubject: Summer internship\nTo: <${MENTOR}>\n\n\n${OFFER}.\nApply here <${APPLY}>\n`,
      ),
      html(
        '<div dir="ltr">Look at this offer, <b>Tom</b>!<br><br><div class="gmail_quote gmail_quote_container">' +
          '<div dir="ltr" class="gmail_attr">---------- Forwarded message ---------<br>From: <strong class="gmail_sendername" dir="auto">' +
          `Acme Careers</strong> <span dir="auto">&lt;<a href="mailto:${SENDER}">${SENDER}</a>&gt;</span><br>Date: Mon, 2 Mar 2026 at 09:00<br>` +
          `Subject: Summer internship<br>To: &lt;<a href="mailto:${MENTOR}">${MENTOR}</a>&gt;<br></div><br><br>` +
          `<div dir="ltr"><p>${OFFER}.</p><ul><li>Ten weeks</li><li>Paid</li></ul><p><a href="${APPLY}">Apply here</a></p></div></div></div>`,
      ),
    ]),
  );

const outlook = (relay: string) =>
  forward(
    relay,
    'WG: Summer internship (outlook)',
    multipart('alternative', [
      text(
        `Look at this offer, Tom!\n\n________________________________\nVon: Acme Careers <${SENDER}>\nGesendet: Montag, 2. März 2026 09:00\n` +
          `An: Maria Quillfeather <${MENTOR}>\nBetreff: Summer internship\n\n${OFFER}.\nApply here<${APPLY}>\n`,
      ),
      html(
        '<html><head><style>p.MsoNormal{margin:0}</style></head><body><div class="WordSection1">' +
          '<p class="MsoNormal">Look at this offer, Tom!<o:p></o:p></p><div id="appendonsend"></div>' +
          '<hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>Von:</b> ' +
          `Acme Careers &lt;${SENDER}&gt;<br><b>Gesendet:</b> Montag, 2. März 2026 09:00<br><b>An:</b> Maria Quillfeather ` +
          `&lt;${MENTOR}&gt;<br><b>Betreff:</b> Summer internship</font></div>` +
          `<div><p class="MsoNormal">${OFFER}.</p><p class="MsoNormal"><a href="${APPLY}">Apply here</a></p></div></div></body></html>`,
      ),
    ]),
  );

const apple = (relay: string) =>
  forward(
    relay,
    'Fwd: Summer internship (apple)',
    multipart('alternative', [
      text(
        `Look at this offer, Tom!\n\n> Begin forwarded message:\n> \n> From: Acme Careers <${SENDER}>\n> Subject: Summer internship\n` +
          `> Date: 2 March 2026 at 09:00:00 CET\n> To: ${MENTOR}\n> \n> ${OFFER}.\n> Apply here <${APPLY}>\n`,
      ),
      html(
        '<html><body style="overflow-wrap: break-word;">Look at this offer, Tom!<br><div><br><blockquote type="cite">' +
          '<div>Begin forwarded message:</div><br class="Apple-interchange-newline"><div style="margin:0px;"><span><b>From: </b></span>' +
          `<span>Acme Careers &lt;${SENDER}&gt;<br></span></div><div style="margin:0px;"><span><b>Subject: </b></span>` +
          '<span><b>Summer internship</b><br></span></div><div style="margin:0px;"><span><b>To: </b></span>' +
          `<span>${MENTOR}<br></span></div><br><div><p>${OFFER}.</p><p><a href="${APPLY}">Apply here</a></p></div></blockquote></div></body></html>`,
      ),
    ]),
  );

const attached = (relay: string) =>
  forward(
    relay,
    'TR: Summer internship (attached)',
    multipart('mixed', [
      text('Regarde cette offre, Tom !\n'),
      {
        headers: [
          'Content-Type: message/rfc822; name="Summer internship.eml"',
          'Content-Disposition: attachment; filename="Summer internship.eml"',
        ],
        body: email(
          [
            `From: Acme Careers <${SENDER}>`,
            `To: <${MENTOR}>`,
            'Subject: Summer internship',
            'Date: Mon, 2 Mar 2026 09:00:00 +0100',
          ],
          text(`${OFFER}.\nApply here: ${APPLY}\nQuestions? Write to ${SENDER}.\n`),
        ),
      },
    ]),
  );

describe('relay: forwards pass the forwarded message on', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  const copies = new Map<string, { raw: string; parsed: ParsedMail }>();

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    world = await pairingWith(running.app, { mentor: MENTOR, mentee: MENTEE });
    const port = running.app.get(SmtpListener).port!;
    const relay = world.pairing.relayAddress;
    for (const build of [gmail, outlook, apple, attached]) {
      expect(await sendSmtp(port, MENTOR, relay, build(relay))).toBe(250);
    }
    const out = await waitFor(async () => {
      const mails = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === MENTEE);
      return mails.length >= 4 ? mails : null;
    }, 60_000);
    for (const tag of ['gmail', 'outlook', 'apple', 'attached']) {
      const copy = out.find((m) => (m.parsed.subject ?? '').includes(`(${tag})`));
      if (!copy) throw new Error(`no relayed copy for ${tag}`);
      copies.set(tag, copy);
    }
  }, 120_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it.each([
    ['gmail', 'Fwd: Summer internship (gmail)'],
    ['outlook', 'WG: Summer internship (outlook)'],
    ['apple', 'Fwd: Summer internship (apple)'],
    ['attached', 'TR: Summer internship (attached)'],
  ])('%s: the subject keeps its forward prefix', (tag, subject) => {
    expect(copies.get(tag)!.parsed.subject).toBe(subject);
  });

  it.each(['gmail', 'outlook', 'apple'])('%s: the inline forwarded message arrives with the note', (tag) => {
    const { parsed } = copies.get(tag)!;
    const $ = load(String(parsed.html));
    for (const part of [parsed.text ?? '', $.root().text()]) {
      expect(part).toContain('Look at this offer');
      expect(part).toContain(OFFER);
      expect(part).toContain('Summer internship');
    }
    expect(parsed.text).toContain(APPLY);
    expect(
      $('a')
        .filter((_, a) => $(a).text() === 'Apply here')
        .attr('href'),
    ).toBe(APPLY);
  });

  it('gmail: the forwarded list stays a list', () => {
    const $ = load(String(copies.get('gmail')!.parsed.html));
    expect(
      $('li')
        .map((_, li) => $(li).text())
        .get(),
    ).toEqual(['Ten weeks', 'Paid']);
  });

  it('attached: the forwarded email is relayed as an attached message, masked', async () => {
    const { parsed } = copies.get('attached')!;
    expect(parsed.text).toContain('Regarde cette offre');
    const eml = parsed.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(eml).toBeDefined();
    const inner = await everything(eml!.content);
    expect(inner).toContain(OFFER);
    expect(inner).toContain(`Questions? Write to ${HIDDEN_ADDRESS_TEXT}.`);
  });

  it.each(['gmail', 'outlook', 'apple', 'attached'])(
    '%s: no address of the forwarded message or a member arrives',
    async (tag) => {
      const seen = await everything(copies.get(tag)!.raw.replace(/^To:.*(\r?\n[ \t].*)*/im, ''));
      expect(leaksIn(seen, [MENTOR, MENTEE])).toEqual([]);
      // The sender's domain is in the offer's own link; its address is what must not arrive.
      expect(seen.toLowerCase()).not.toMatch(/jobs(?:@|%40|&#64;|&#x40;)/);
    },
  );
});
