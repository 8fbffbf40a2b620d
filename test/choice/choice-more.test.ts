import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ChoiceService } from '../../src/choice/choice.service';
import { MatchRequest } from '../../src/choice/entities/match-request.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import type { OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { ChoiceMailbox } from './choice-world';

jest.setTimeout(60_000);

/**
 * "more" brings three others; when nobody is left the mentee is told kindly and listed for staff,
 * and the next mentor with a free place is suggested to them as soon as they join.
 */
describe('asking for more mentors, and running out', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let choice: ChoiceService;
  let mail: ChoiceMailbox;
  let programme: Programme;
  let ben: Participant;
  const mentors: Participant[] = [];
  let latest: OutboxEmail;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    choice = running.app.get(ChoiceService);
    mail = new ChoiceMailbox(running, env.outboxDir);
    programme = await choiceProgramme(running.app, 'More Please');
    ben = await readyPerson(running.app, programme, {
      name: 'Ben Amadi',
      role: 'mentee',
      topics: ['law', 'writing', 'speaking'],
    });
    const specs: [string, string[]][] = [
      ['Ada Stone', ['law', 'writing', 'speaking']],
      ['Bo Grant', ['law', 'writing']],
      ['Cy Moss', ['law']],
      ['Di Frost', ['speaking']],
    ];
    for (const [name, topics] of specs)
      mentors.push(await readyPerson(running.app, programme, { name, role: 'mentor', topics }));
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const offered = async () =>
    (await db.getRepository(MatchRequest).findBy({ menteeId: ben.id, status: 'suggested' }))
      .map((r) => r.mentorId)
      .sort();

  it('sends three others for "more", and withdraws the first three', async () => {
    await choice.run();
    latest = await mail.next(ben, /^Mentors for you to choose from$/);
    expect(await offered()).toEqual(
      mentors
        .slice(0, 3)
        .map((m) => m.id)
        .sort(),
    );
    const row = await mail.reply(ben, latest, { text: 'More please' });
    expect(row.detail).toBe('choice: three others');
    const more = await mail.next(ben, /^Mentors for you to choose from$/, 2);
    expect(more.parsed.text).toContain('here are other mentors with a free place');
    expect(more.parsed.text).toContain('1. Di');
    expect(more.parsed.text).toContain('Reply with the number of the mentor you would like: 1.');
    expect(more.parsed.text).not.toMatch(/Ada|Bo\b|Cy\b/);
    expect(await offered()).toEqual([mentors[3].id]);
    latest = more;
  });

  it('says so kindly when nobody else is left, keeps the choice open, and lists the mentee for staff', async () => {
    const row = await mail.reply(ben, latest, { text: 'more' });
    expect(row.detail).toBe('choice: no others to suggest');
    const told = await mail.next(ben, /^No other mentors to suggest yet$/);
    expect(told.parsed.text).toContain('You can still choose one of the suggestions I sent');
    expect(told.parsed.text).toContain('Your programme staff know you are looking');
    expect((await choice.waiting(programme.id)).map((w) => w.menteeId)).toEqual([ben.id]);
    // The promise: the suggestion still works.
    expect((await mail.reply(ben, latest, { text: '1' })).detail).toBe('choice: picked 1');
  });

  it('after a no with nobody left, tells the mentee nobody is free; a new mentor is then suggested', async () => {
    const request = await mail.next(mentors[3], /would like you as their mentor$/);
    expect((await mail.reply(mentors[3], request, { text: 'Sorry, not this time.' })).detail).toBe(
      'choice: declined',
    );
    const none = await mail.next(ben, /^No mentor is free right now$/);
    expect(none.parsed.text).toContain('Di cannot take you on');
    expect(none.parsed.text).toContain(
      'I will email you new suggestions as soon as a mentor has a free place',
    );
    // The tick does not repeat it.
    await expect(choice.run()).resolves.toMatchObject({ suggested: 0 });
    expect(
      (await mail.to(ben)).filter((m) => /^No mentor is free/.test(m.parsed.subject ?? '')),
    ).toHaveLength(1);

    const eve = await readyPerson(running.app, programme, {
      name: 'Eve Hart',
      role: 'mentor',
      topics: ['writing'],
    });
    await expect(choice.run()).resolves.toMatchObject({ suggested: 1 });
    const fresh = await mail.next(ben, /^Mentors for you to choose from$/, 3);
    expect(fresh.parsed.text).toContain('New mentors have a free place');
    expect(fresh.parsed.text).toContain('1. Eve');
    expect(await choice.waiting(programme.id)).toEqual([]);
    expect(await offered()).toEqual([eve.id]);
  });
});
