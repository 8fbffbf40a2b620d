import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ChoiceAnswers } from '../../src/choice/choice-answers.service';
import { ChoiceService } from '../../src/choice/choice.service';
import { MatchRequest } from '../../src/choice/entities/match-request.entity';
import { Transactor } from '../../src/database/transactor';
import type { DeskResult } from '../../src/desk/desk-registry';
import { OutboxService } from '../../src/outbound/outbox.service';
import { PairingMember } from '../../src/programs/entities/pairing-member.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import { TestEnv } from '../support/test-env';
import { ChoiceMailbox } from './choice-world';

jest.setTimeout(60_000);

/**
 * Two mentees ask the same mentor, who has one free place, and both requests are answered yes at
 * the same moment on two database connections: one pairing, and the other mentee told the place
 * is gone with their next suggestion asked. Capacity is never exceeded.
 */
describe('the last free place, answered yes twice at once', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let mail: ChoiceMailbox;
  let programme: Programme;
  let rita: Participant;
  let tom: Participant;
  let ann: Participant;
  let bea: Participant;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    mail = new ChoiceMailbox(running, env.outboxDir);
    const app = running.app;
    programme = await choiceProgramme(app, 'Last Place');
    rita = await readyPerson(app, programme, {
      name: 'Rita Lopez',
      role: 'mentor',
      capacity: 1,
      topics: ['design', 'careers'],
    });
    tom = await readyPerson(app, programme, {
      name: 'Tom Berg',
      role: 'mentor',
      capacity: 2,
      topics: ['design'],
    });
    ann = await readyPerson(app, programme, {
      name: 'Ann Ode',
      role: 'mentee',
      topics: ['design', 'careers'],
    });
    bea = await readyPerson(app, programme, {
      name: 'Bea Lund',
      role: 'mentee',
      topics: ['design', 'careers'],
    });
    await app.get(ChoiceService).run();
    for (const mentee of [ann, bea]) {
      const suggestions = await mail.next(mentee, /^Mentors for you to choose from$/);
      expect(suggestions.parsed.text).toContain('1. Rita');
      expect((await mail.reply(mentee, suggestions, { text: '1' })).detail).toBe('choice: picked 1');
    }
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('makes one pairing; the other mentee is told the place is gone and their next choice is asked', async () => {
    const asked = await db.getRepository(MatchRequest).findBy({ mentorId: rita.id, status: 'asked' });
    expect(asked).toHaveLength(2);
    const answers = running.app.get(ChoiceAnswers);
    const transactor = running.app.get(Transactor);
    // Both transactions are open, each on its own connection, before either answers.
    let arrived = 0;
    let release!: () => void;
    const bothOpen = new Promise<void>((resolve) => (release = resolve));
    const pids: number[] = [];
    const yes = (request: MatchRequest) =>
      transactor.run(async (tx): Promise<DeskResult> => {
        const [{ pid }]: { pid: number }[] = await tx.query('SELECT pg_backend_pid() AS pid');
        pids.push(pid);
        if (++arrived === 2) release();
        await bothOpen;
        return answers.respond(
          {
            tx,
            programme,
            participantId: rita.id,
            text: 'Yes, happy to!',
            inboundEmailId: randomUUID(),
            requestId: request.id,
          },
          new Date(),
        );
      });
    const results = await Promise.all(asked.map(yes));
    expect(new Set(pids).size).toBe(2);
    await running.app.get(OutboxService).enqueue(results.flatMap((r) => (r.deliveries ?? []) as never[]));

    expect(results.map((r) => r.outcome.detail).sort()).toEqual([
      'choice: accepted',
      'choice: request already lost',
    ]);
    const ritaPairings = await db
      .getRepository(PairingMember)
      .findBy({ participantId: rita.id, role: 'mentor' });
    expect(ritaPairings).toHaveLength(1);
    const winner = (
      await db.getRepository(MatchRequest).findOneByOrFail({ mentorId: rita.id, status: 'accepted' })
    ).menteeId;
    const [won, lost] = winner === ann.id ? [ann, bea] : [bea, ann];
    expect(
      await db
        .getRepository(PairingMember)
        .countBy({ participantId: won.id, pairingId: ritaPairings[0].pairingId }),
    ).toBe(1);
    expect(await db.getRepository(PairingMember).countBy({ participantId: lost.id })).toBe(0);

    await mail.next(won, /^Rita said yes$/);
    const told = await mail.next(lost, /^I have asked Tom for you$/);
    expect(told.parsed.text).toContain(
      "Rita's last free place went to another mentee just before your request",
    );
    expect(
      await db.getRepository(MatchRequest).findOneByOrFail({ menteeId: lost.id, mentorId: tom.id }),
    ).toMatchObject({
      status: 'asked',
    });
    await mail.next(rita, /^You are now .* mentor$/);
    const full = await mail.next(rita, /^Your places are already taken$/);
    expect(full.parsed.text).toContain(`you are not paired with ${lost.name.split(' ')[0]}`);
    await mail.next(tom, /would like you as their mentor$/);
  });
});
