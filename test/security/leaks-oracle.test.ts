import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { buildEmail } from '../factories/emails';
import type { PairingWorld } from '../factories/pairing.factory';
import { pairingWith } from '../outbound/support/outbound-world';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { sendSmtp } from './leaks-support';

// Two mentors whose addresses are each other's wrong guess.
const GUESSES = ['lena.marsh@mentor-one.example', 'lena.marsh@mentor-two.example'];

/**
 * The attack: a mentee writes guesses of the mentor's address into the subject, the body and Cc;
 * the mentor answers (their client quoting or repeating the guesses). If what comes back to the
 * mentee differed by whether a guess was the mentor's address, the relay would be an oracle.
 * The same attack runs in two pairings whose mentors have the two guessed addresses; everything
 * the two mentees receive must be the same, once the pairings' own names are set aside.
 */
describe('security: nothing that comes back depends on whether a guess was right', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const mailTo = async (address: string, pick: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && pick(m)),
    );
  const isNotice = (m: OutboxEmail) => m.parsed.headers.get('auto-submitted') === 'auto-replied';

  async function attack(world: PairingWorld) {
    const relay = world.pairing.relayAddress;
    const mentee = world.mentee.email;
    const mentor = world.mentor.email;
    const probe = buildEmail({
      from: mentee,
      to: relay,
      subject: `Is your address ${GUESSES[0]} or ${GUESSES[1]}?`,
      text: `Just guessing: ${GUESSES[0]}, ${GUESSES[1].replace('@', '%40')}.`,
      headers: { Cc: GUESSES.join(', ') },
    });
    expect(await sendSmtp(port, mentee, relay, probe.raw)).toBe(250);
    const seenByMentor = await mailTo(mentor, (m) => !isNotice(m));

    const answer = buildEmail({
      from: mentor,
      to: relay,
      subject: `Re: ${seenByMentor.parsed.subject}`,
      inReplyTo: seenByMentor.parsed.messageId!.replace(/[<>]/g, ''),
      references: [seenByMentor.parsed.messageId!.replace(/[<>]/g, '')],
      // As a client that quotes from its own copy would: the guesses, verbatim.
      text: `Not telling! You asked about ${GUESSES[0]} and ${GUESSES[1]}.`,
    });
    expect(await sendSmtp(port, mentor, relay, answer.raw)).toBe(250);
    const reply = await mailTo(mentee, (m) => !isNotice(m));
    const ccNotice = await mailTo(mentee, isNotice);

    const own = (s: string) =>
      s.split(relay).join('RELAY').split(world.programme.name).join('PROGRAMME').replace(/\s+/g, ' ');
    return {
      toMentor: {
        subject: own(seenByMentor.parsed.subject ?? ''),
        text: own(seenByMentor.parsed.text ?? ''),
      },
      reply: { subject: own(reply.parsed.subject ?? ''), text: own(reply.parsed.text ?? '') },
      ccNotice: own(ccNotice.parsed.text ?? ''),
    };
  }

  it('gives the same answer whichever guess is the mentor’s address', async () => {
    const worlds = [];
    for (const [i, mentor] of GUESSES.entries())
      worlds.push(
        await pairingWith(running.app, { mentor, mentee: `probe${i}.kestrel@student-mail.example` }),
      );
    const [first, second] = [await attack(worlds[0]), await attack(worlds[1])];

    expect(first.reply).toEqual(second.reply);
    expect(first.toMentor).toEqual(second.toMentor);
    // The Cc warning names every copied address, the partner's real one included.
    expect(first.ccNotice).toEqual(second.ccNotice);
    expect(first.ccNotice).toContain(`${GUESSES[0]}, ${GUESSES[1]}`);
    // And nothing relayed names either guess.
    expect(JSON.stringify([first.reply, first.toMentor])).not.toContain('lena.marsh');
  }, 90_000);
});
