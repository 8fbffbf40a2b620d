import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../src/bootstrap';
import { Transactor } from '../../src/database/transactor';
import { POLL_COUNTS_MIN_ANSWERS } from '../../src/digests/digest-content';
import { DigestComposer } from '../../src/digests/digest.composer';
import { PROGRAMME_COUNTS_MAX_AGE_MS } from '../../src/digests/programme-poll-counts';
import type { Delivery } from '../../src/outbound/entities/delivery.entity';
import { CLOCK } from '../../src/prompts/clock';
import type { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
import { PairingPromptsRepository } from '../../src/prompts/pairing-prompts.repository';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { FakeClock } from './fake-clock';
import { issuePoll } from './poll-world';

jest.setTimeout(90_000);

/**
 * The poll email says only staff see an individual answer. In a 1:1 pairing the digest's counts
 * were the pair's own two votes, so each side read the other's: it now shows the recipient's own
 * answer, and programme-wide counts only once at least POLL_COUNTS_MIN_ANSWERS people answered.
 */
describe('poll results in the weekly digest', () => {
  let env: TestEnv;
  let running: RunningApp;
  let pair: PairingWorld;
  let pairPoll: PairingPrompt;
  const clock = new FakeClock(new Date('2026-03-10T12:00:00Z'));
  const OPTIONS = ['On track', 'Needs a tweak', 'Stuck'];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    pair = await createPairingWorld(running.app);
    pairPoll = (
      await issuePoll(running.app, env.outboxDir, pair, {
        promptKey: 'midpoint-pulse',
        week: 6,
        now: clock.now(),
      })
    ).issued;
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const vote = (poll: PairingPrompt, who: Participant, optionIndex: number) =>
    running.app.get(Transactor).run((tx) =>
      running.app.get(PairingPromptsRepository).upsertVote(
        {
          pairingPromptId: poll.id,
          participantId: who.id,
          optionIndex,
          comment: null,
          votedAt: clock.now(),
        },
        tx,
      ),
    );

  /** The digest as it would be sent now, built by the real composer from the database. */
  const digestText = async (world: PairingWorld, who: Participant) => {
    const delivery = {
      id: randomUUID(),
      kind: 'digest',
      pairingId: world.pairing.id,
      recipientId: who.id,
      toAddress: who.email,
      messageId: `${randomUUID()}@relay.localhost`,
    } as Delivery;
    const composed = await running.app.get(DigestComposer).compose(delivery);
    if ('skip' in composed) throw new Error(`digest skipped: ${composed.skip}`);
    return `${composed.mail.text}\n${composed.mail.html}`;
  };

  /** Moves past the time a worker reuses a poll's programme-wide counts. */
  const afterMemo = () =>
    clock.set(new Date(clock.now().getTime() + PROGRAMME_COUNTS_MAX_AGE_MS).toISOString());

  /** Everything a poll result block could print about an option other than one's own. */
  const mentions = (text: string, label: string) => text.includes(label);

  it("never shows the partner's vote: each side sees only their own answer", async () => {
    await vote(pairPoll, pair.mentor, 2); // Stuck
    await vote(pairPoll, pair.mentee, 0); // On track
    clock.set('2026-03-11T12:00:00Z');

    const mentee = await digestText(pair, pair.mentee);
    expect(mentee).toContain('Your answer: On track');
    expect(mentions(mentee, 'Stuck')).toBe(false);
    expect(mentee).toContain(`once at least ${POLL_COUNTS_MIN_ANSWERS} people have answered`);

    const mentor = await digestText(pair, pair.mentor);
    expect(mentor).toContain('Your answer: Stuck');
    expect(mentions(mentor, 'On track')).toBe(false);
    expect(mentions(mentor, 'Needs a tweak')).toBe(false);
  });

  it(`shows programme-wide counts once ${POLL_COUNTS_MIN_ANSWERS} people answered; other programmes never count`, async () => {
    // Another programme's answers to the same poll in the same week must not lift the count.
    const elsewhere = await createPairingWorld(running.app);
    const elsewherePoll = (
      await issuePoll(running.app, env.outboxDir, elsewhere, {
        promptKey: 'midpoint-pulse',
        week: 6,
        now: clock.now(),
      })
    ).issued;
    await vote(elsewherePoll, elsewhere.mentor, 1);
    await vote(elsewherePoll, elsewhere.mentee, 1);
    const second = await createPairingWorld(running.app, { programme: pair.programme });
    const secondPoll = (
      await issuePoll(running.app, env.outboxDir, second, {
        promptKey: 'midpoint-pulse',
        week: 6,
        now: clock.now(),
      })
    ).issued;
    await vote(secondPoll, second.mentor, 1);
    await vote(secondPoll, second.mentee, 1);
    // A worker reuses a poll's counts for a few minutes; each digest below is built after that.
    afterMemo();
    expect(await digestText(pair, pair.mentee)).not.toContain('Across the programme');

    const third = await createPairingWorld(running.app, { programme: pair.programme });
    const thirdPoll = (
      await issuePoll(running.app, env.outboxDir, third, {
        promptKey: 'midpoint-pulse',
        week: 6,
        now: clock.now(),
      })
    ).issued;
    await vote(thirdPoll, third.mentor, 1);
    afterMemo();
    const mentee = await digestText(pair, pair.mentee);
    expect(mentee).toContain(`Across the programme (${POLL_COUNTS_MIN_ANSWERS} answers)`);
    expect(mentee).toMatch(new RegExp(`${OPTIONS[0]}: 1[\\s\\S]*${OPTIONS[1]}: 3[\\s\\S]*${OPTIONS[2]}: 1`));
    expect(mentee).toContain('Your answer: On track');
  });
});
