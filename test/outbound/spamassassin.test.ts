import { convert as htmlToText } from 'html-to-text';
import { simpleParser } from 'mailparser';
import type { RunningApp } from '../../src/bootstrap';
import { sendEveryKind, type SentEmail } from '../support/every-kind';
import { signedMailSettings } from '../support/every-template';
import { SPAM_LIMIT, spamAssassin, type SpamVerdict } from '../support/spamassassin';
import { TestEnv } from '../support/test-env';

// Booting, sending ten emails, and one SpamAssassin run over all of them on a shared machine.
jest.setTimeout(180_000);

describe('SpamAssassin (local rules, no network): every kind of email as sent scores under 2.0', () => {
  let env: TestEnv;
  let running: RunningApp;
  let sent: SentEmail[];
  const verdicts: { email: SentEmail; verdict: SpamVerdict }[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start(signedMailSettings());
    sent = await sendEveryKind(env.outboxDir, running);
    const scored = await spamAssassin(sent.map((s) => s.raw));
    sent.forEach((email, i) => verdicts.push({ email, verdict: scored[i] }));
  }, 180_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('scores each one under 2.0', () => {
    expect(new Set(sent.map((s) => s.kind))).toEqual(
      new Set(['welcome', 'prompt', 'relay', 'notice', 'digest']),
    );
    const over = verdicts
      .filter((v) => v.verdict.score >= SPAM_LIMIT)
      .map(
        (v) => `${v.email.kind} "${v.email.subject}": ${v.verdict.score} ${JSON.stringify(v.verdict.rules)}`,
      );
    expect(over).toEqual([]);
  });

  it('automated mail carries one-click List-Unsubscribe and a real plain-text part; relayed mail is not bulk', async () => {
    const automated: string[] = [];
    for (const { email } of verdicts) {
      const head = email.raw
        .toString('latin1')
        .split('\r\n\r\n')[0]
        .replace(/\r\n[ \t]+/g, ' ');
      expect(head).not.toMatch(/^Precedence:/im);
      if (email.kind === 'relay') {
        expect(head).not.toMatch(/^(List-Unsubscribe|Auto-Submitted):/im);
      } else if (/^Auto-Submitted: auto-generated$/im.test(head)) {
        // Sent by schedule (prompts, polls, digests, welcomes): list mail, one click away from stopping.
        automated.push(email.kind);
        expect({
          subject: email.subject,
          oneClick: /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m.test(head),
        }).toEqual({
          subject: email.subject,
          oneClick: true,
        });
        expect(head).toMatch(/^List-Unsubscribe: <https:\/\/mentormail\.example\/u\/[^>]+>, <mailto:/m);
      } else {
        // An answer to what the person just sent (a command's confirmation, a notice): not list mail.
        expect({ subject: email.subject, head }).toEqual({
          subject: email.subject,
          head: expect.stringMatching(/^Auto-Submitted: auto-replied$/im),
        });
      }
      // The text part says what the HTML says, not "view this in a browser".
      const parsed = await simpleParser(email.raw);
      const htmlWords = htmlToText(String(parsed.html || ''), {
        selectors: [
          { selector: 'a', options: { ignoreHref: true } },
          { selector: 'img', format: 'skip' },
        ],
      })
        .split(/\s+/)
        .filter((w) => w.length > 3);
      const textWords = new Set((parsed.text ?? '').split(/\s+/));
      const shared = htmlWords.filter((w) => textWords.has(w)).length;
      expect({ subject: email.subject, ratio: shared / Math.max(1, htmlWords.length) >= 0.8 }).toEqual({
        subject: email.subject,
        ratio: true,
      });
    }
    expect(new Set(automated)).toEqual(new Set(['welcome', 'prompt', 'digest']));
  });

  it('fires none of the rules that mean "looks like bulk spam"', () => {
    // Shorteners, image-heavy HTML, HTML without a text part, text and HTML that disagree, and
    // text hidden from the reader (mj-preview's white preheader did that: see mjml-compiler.ts).
    const unwanted =
      /^(URI_SHORTENER|HTML_IMAGE_ONLY|HTML_IMAGE_RATIO|MIME_HTML_ONLY|MPART_ALT_DIFF|HTML_FONT_LOW_CONTRAST|FONT_INVIS|HTML_MIME_NO_HTML_TAG|URIBL_)/;
    const fired = verdicts.flatMap((v) =>
      v.verdict.rules.filter((r) => unwanted.test(r.name)).map((r) => `${v.email.kind}: ${r.name}`),
    );
    expect(fired).toEqual([]);
  });
});
