import type { RunningApp } from '../../src/bootstrap';
import {
  sendEveryTemplate,
  signedMailSettings,
  standaloneTemplateFiles,
  type TemplateEmail,
} from '../support/every-template';
import { SPAM_LIMIT, scoredRules, spamAssassin, type SpamVerdict } from '../support/spamassassin';
import { TestEnv } from '../support/test-env';

// Booting, sending ~130 emails and one SpamAssassin run over all of them on a shared machine.
jest.setTimeout(240_000);

describe('SpamAssassin (local rules, no network): every template as sent scores under 2.0', () => {
  let env: TestEnv;
  let running: RunningApp;
  let sent: TemplateEmail[];
  let verdicts: SpamVerdict[];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start(signedMailSettings());
    sent = await sendEveryTemplate(env.outboxDir, running);
    verdicts = await spamAssassin(sent.map((s) => s.raw));
  }, 240_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('sends one email for each template file on disk, none left out', () => {
    expect([...new Set(sent.map((s) => s.file))].sort()).toEqual(standaloneTemplateFiles());
    // A prompt's words differ by role: both copies of each are scored.
    const prompts = sent.filter((s) => s.file.startsWith('prompts/') && s.reader !== 'staff');
    expect(prompts.filter((s) => s.reader === 'mentor').length).toBe(prompts.length / 2);
  });

  it('scores each one under 2.0', () => {
    const over = sent.flatMap((email, i) =>
      verdicts[i].score >= SPAM_LIMIT
        ? [
            `${email.template} (${email.reader}) "${email.subject}": ${verdicts[i].score} ${scoredRules(verdicts[i])}`,
          ]
        : [],
    );
    expect(over).toEqual([]);
  });

  it('fires no image-to-text, shortener or hidden-text rule in any template', () => {
    const unwanted =
      /^(URI_SHORTENER|HTML_IMAGE_ONLY|HTML_IMAGE_RATIO|MIME_HTML_ONLY|MPART_ALT_DIFF|HTML_FONT_LOW_CONTRAST|FONT_INVIS)/;
    const fired = sent.flatMap((email, i) =>
      verdicts[i].rules
        .filter((r) => unwanted.test(r.name))
        .map((r) => `${email.template} (${email.reader}): ${r.name}`),
    );
    expect(fired).toEqual([]);
  });
});
