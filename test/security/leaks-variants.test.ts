import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { buildEmail } from '../factories/emails';
import { pairingWith } from '../outbound/support/outbound-world';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { everything, leaksIn, sendSmtp } from './leaks-support';

const MENTOR = 'ines.oakhurst@mentor-mail.example';
const MENTEE = 'ravi.lindqvist@student-mail.example';

// Every way the author's (or the partner's) address can be spelled in a body or a subject.
const VARIANTS = [
  'Ines.Oakhurst+mentoring@Mentor-Mail.example',
  'INES.OAKHURST@MENTOR-MAIL.EXAMPLE',
  'mailto:ines.oakhurst%40mentor-mail%2Eexample',
  'https://calendly.example/book?email=ines.oakhurst@mentor-mail.example&src=mail',
  'https://calendly.example/book?email=ines.oakhurst%2540mentor-mail.example',
  'ines.oakhurst&#64;mentor-mail&#46;example',
  'ines.oakhurst\uFF20mentor-mail.example',
  'ines.oakhurst (at) mentor-mail (dot) example',
  '"ines oakhurst"@mentor-mail.example',
  `<${MENTEE.replace('@', '+x@')}>`,
];

describe('security: variants of a participant address are masked', () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('hides plus tags, letter case, percent-encoding, entities and addresses in links', async () => {
    const world = await pairingWith(running.app, { mentor: MENTOR, mentee: MENTEE });
    const relay = world.pairing.relayAddress;
    const raw = buildEmail({
      from: MENTOR,
      to: relay,
      subject: `Reach me at ${VARIANTS[0]} or ${VARIANTS[2]}`,
      text: `Hi Ravi,\n\n${VARIANTS.map((v) => `- ${v}`).join('\n')}\n\nBest, Ines`,
    }).raw;
    expect(await sendSmtp(running.app.get(SmtpListener).port!, MENTOR, relay, raw)).toBe(250);

    const copy = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === MENTEE),
    );
    const seen = await everything(copy.raw.replace(/^To:.*(\r?\n[ \t].*)*/im, ''));
    expect(leaksIn(seen, [MENTOR, MENTEE])).toEqual([]);
    expect(seen).not.toMatch(/oakhurst|lindqvist/i);
    const lines = (copy.parsed.text ?? '').split('\n').filter((l) => l.startsWith('- '));
    expect(lines).toEqual([
      '- [address hidden]',
      '- [address hidden]',
      '- mailto:[address hidden]',
      '- https://calendly.example/book?email=[address hidden]&src=mail',
      '- https://calendly.example/book?email=[address hidden]',
      '- [address hidden]',
      '- [address hidden]',
      '- [address hidden]',
      '- [address hidden]',
      '- <[address hidden]>',
    ]);
    expect(copy.parsed.subject).toBe('Reach me at [address hidden] or mailto:[address hidden]');
    // The footer promises exactly what the lines above show, so nobody is surprised by it.
    expect(copy.parsed.text).toContain('Email addresses written in a message arrive as "[address hidden]".');
  }, 60_000);
});
