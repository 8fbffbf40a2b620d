import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ChoiceService } from '../../src/choice/choice.service';
import { MatchRequest } from '../../src/choice/entities/match-request.entity';
import { MatchExclusion } from '../../src/matching/entities/match-exclusion.entity';
import { PairingMember } from '../../src/programs/entities/pairing-member.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import { FakeClock } from '../prompts/fake-clock';
import type { OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { ChoiceMailbox } from './choice-world';

// Real PostgreSQL, Redis and SMTP on a shared machine: more than Jest's 5 s default.
jest.setTimeout(60_000);

const SUGGESTIONS = /^Mentors for you to choose from$/;

/**
 * A mentee chooses among three suggested mentors by reply; the chosen mentor answers yes or no;
 * a no or 72 hours of silence asks the mentee's next suggestion; a yes makes the pairing.
 */
describe('mentees choose their mentor by email', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let choice: ChoiceService;
  let mail: ChoiceMailbox;
  const clock = new FakeClock(new Date('2026-03-02T09:00:00Z'));

  let programme: Programme;
  let amira: Participant;
  let zed: Participant;
  const mentors: Record<string, Participant> = {};

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    choice = running.app.get(ChoiceService);
    mail = new ChoiceMailbox(running, env.outboxDir);
    const app = running.app;
    programme = await choiceProgramme(app, 'Choosers');
    amira = await readyPerson(app, programme, {
      name: 'Amira Haddad',
      role: 'mentee',
      topics: ['software', 'interviews', 'confidence'],
      goals: ['first-job'],
      bio: 'Second-year student who builds robots.',
    });
    zed = await readyPerson(app, programme, {
      name: 'Zed Quinn',
      role: 'mentee',
      confirmed: false,
      topics: ['software'],
    });
    const mentor = (key: string, spec: Parameters<typeof readyPerson>[2]) =>
      readyPerson(app, programme, spec).then((p) => (mentors[key] = p));
    await mentor('jordan', {
      name: 'Jordan Reyes',
      role: 'mentor',
      topics: ['software', 'interviews', 'confidence'],
      goals: ['first-job'],
      industry: 'Software',
      bio: 'Backend engineer, switched careers at 30. Reach me at jordan.reyes@corp.example.',
    });
    await mentor('priya', {
      name: 'Priya Shah',
      preferredName: 'Priya',
      role: 'mentor',
      topics: ['software', 'interviews'],
    });
    await mentor('sam', {
      name: 'Sam Okafor',
      role: 'either',
      topics: ['confidence'],
      bio: 'Runs a design studio.',
    });
    await mentor('lee', { name: 'Lee Park', role: 'mentor', topics: [] });
    await mentor('fabrice', {
      name: 'Fabrice Roux',
      role: 'mentor',
      topics: ['software'],
      languages: ['French'],
    });
    await mentor('una', {
      name: 'Una Wells',
      role: 'mentor',
      topics: ['software', 'interviews'],
      confirmed: false,
    });
    await mentor('nora', {
      name: 'Nora Vance',
      role: 'mentor',
      topics: ['software', 'interviews', 'confidence'],
    });
    await db
      .getRepository(MatchExclusion)
      .save({ programmeId: programme.id, mentorId: mentors.nora.id, menteeId: amira.id });
    // Max's one place is taken by a pairing already.
    await mentor('max', {
      name: 'Max Full',
      role: 'mentor',
      topics: ['software', 'interviews', 'confidence'],
    });
    const other = await running.app
      .get(ProgramsService)
      .addParticipant(programme.id, { name: 'Other Mentee', email: 'other@people.example', role: 'mentee' });
    await running.app.get(ProgramsService).createPairing(programme, mentors.max, [other]);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const requests = () =>
    db
      .getRepository(MatchRequest)
      .find({ where: { menteeId: amira.id }, order: { batch: 'ASC', rank: 'ASC' } });
  const statusOf = async (mentor: Participant) =>
    (await db.getRepository(MatchRequest).findOneByOrFail({ menteeId: amira.id, mentorId: mentor.id }))
      .status;

  let suggestions: OutboxEmail;

  it('emails a ready mentee three mentors with a free place, best fit first, by first name with why', async () => {
    await expect(choice.run(clock.now())).resolves.toMatchObject({ suggested: 1 });
    suggestions = await mail.next(amira, SUGGESTIONS);
    const rows = await requests();
    expect(rows.map((r) => r.mentorId)).toEqual([mentors.jordan.id, mentors.priya.id, mentors.sam.id]);
    expect(rows.map((r) => r.score)).toEqual([...rows.map((r) => r.score)].sort((a, b) => b - a));
    const text = suggestions.parsed.text!;
    expect(text).toMatch(
      /1\. Jordan, Software\s+Backend engineer, switched careers at 30\. Reach me at \[address removed\]/,
    );
    expect(text).toContain('2. Priya');
    expect(text).toContain('3. Sam');
    for (const row of rows) expect(text).toContain(row.explanation);
    expect(rows[0].explanation).toMatch(/3 shared topics/);
    expect(text).toContain('Reply with the number of the mentor you would like: 1, 2 or 3');
    expect(text).toContain('Reply "more" and I will send others, up to three');
    expect(text).toContain('they have 3 days to answer');
    // Never a mentor's surname or address; nobody full, excluded, unconfirmed or without a shared language.
    const shown = `${text}\n${suggestions.parsed.html}`;
    for (const word of ['Reyes', 'Shah', 'Okafor', 'jordan.reyes', 'Lee', 'Fabrice', 'Una', 'Nora', 'Max']) {
      expect(shown).not.toContain(word);
    }
    for (const m of Object.values(mentors)) expect(shown).not.toContain(m.email);
    // From Amira's own desk.
    expect(suggestions.parsed.from!.value[0].address).toMatch(/^desk-/);
    // Zed is not confirmed: nothing for him; and a second tick sends Amira nothing new.
    await expect(choice.run(clock.now())).resolves.toMatchObject({ suggested: 0 });
    expect(await mail.to(zed)).toHaveLength(0);
    expect(await mail.to(amira)).toHaveLength(1);
  });

  it('answers a reply it cannot read kindly, with the same three choices again', async () => {
    const row = await mail.reply(amira, suggestions, {
      text: 'Hmm, they all look great!\n\n> Choose your mentor',
    });
    expect([row.status, row.detail]).toEqual(['accepted', 'choice: could not read the pick']);
    const again = await mail.next(amira, /^Which mentor would you like\? Reply 1, 2 or 3$/);
    expect(again.parsed.text).toContain('Sorry, I could not read that');
    for (const name of ['1. Jordan', '2. Priya', '3. Sam']) expect(again.parsed.text).toContain(name);
    suggestions = again;
  });

  it('asks the mentor the mentee chose, with the mentee’s first name, goals, bio and why', async () => {
    const row = await mail.reply(amira, suggestions, { text: 'The second one please' });
    expect(row.detail).toBe('choice: picked 2');
    const request = await mail.next(mentors.priya, /^Amira would like you as their mentor$/);
    const text = request.parsed.text!;
    expect(text).toContain('Amira: Second-year student who builds robots.');
    expect(text).toContain('Goals: first job');
    expect(text).toContain('Topics: software, interviews, confidence');
    expect(text).toContain(`Why you were suggested: ${(await requests())[1].explanation}`);
    expect(text).toMatch(/Please answer by Thursday 5 March at 09:00/);
    expect(`${text}${request.parsed.html}`).not.toMatch(/Haddad|amira\.haddad/);
    const told = await mail.next(amira, /^I have asked Priya for you$/);
    expect(told.parsed.text).toContain('They have until Thursday 5 March at 09:00 to answer');
    expect(await statusOf(mentors.priya)).toBe('asked');
  });

  it('on a no, tells the mentee kindly without the mentor’s words, and asks their next suggestion', async () => {
    const request = await mail.next(mentors.priya, /^Amira would like you as their mentor$/);
    const row = await mail.reply(mentors.priya, request, {
      text: 'No, sorry: my thesis defence is eating all my evenings.\n\nOn Mon, Programme wrote:\n> Amira chose you',
    });
    expect(row.detail).toBe('choice: declined');
    const thanks = await mail.next(mentors.priya, /^Thank you for letting us know$/);
    expect(thanks.parsed.text).toContain('Amira is told kindly that you are not available, without a reason');
    const told = await mail.next(amira, /^I have asked Jordan for you$/);
    expect(told.parsed.text).toContain('Priya cannot take on a mentee right now');
    expect(told.parsed.text).toContain('So I have asked Jordan, your next suggestion');
    for (const m of await mail.to(amira))
      expect(`${m.parsed.text}${m.parsed.html}`).not.toMatch(/thesis|evenings/);
    expect([await statusOf(mentors.priya), await statusOf(mentors.jordan)]).toEqual(['declined', 'asked']);
    await mail.next(mentors.jordan, /^Amira would like you as their mentor$/);
  });

  it('after 72 hours without an answer, tells the mentor it lapsed and asks the next', async () => {
    clock.set('2026-03-05T08:59:00Z');
    await expect(choice.run(clock.now())).resolves.toMatchObject({ expired: 0 });
    clock.set('2026-03-05T09:01:00Z');
    await expect(choice.run(clock.now())).resolves.toMatchObject({ expired: 1 });
    const lapsed = await mail.next(mentors.jordan, /^Amira's request has lapsed$/);
    expect(lapsed.parsed.text).toContain('there was no answer within 3 days');
    const told = await mail.next(amira, /^I have asked Sam for you$/);
    expect(told.parsed.text).toContain('Jordan did not answer in time');
    expect(told.parsed.text).toContain('They have until Sunday 8 March at 09:01 to answer');
    expect([await statusOf(mentors.jordan), await statusOf(mentors.sam)]).toEqual(['expired', 'asked']);
    // A late yes from Jordan changes nothing.
    const request = await mail.next(mentors.jordan, /^Amira would like you as their mentor$/);
    expect((await mail.reply(mentors.jordan, request, { text: 'Yes!' })).detail).toBe(
      'choice: request already expired',
    );
    await mail.next(mentors.jordan, /^This request is closed$/);
  });

  it('on a yes, makes an active pairing with a relay address and welcomes both', async () => {
    const request = await mail.next(mentors.sam, /^Amira would like you as their mentor$/);
    const row = await mail.reply(mentors.sam, request, { text: 'Yes, happy to!' });
    expect(row.detail).toBe('choice: accepted');
    const member = await db.getRepository(PairingMember).findOneByOrFail({ participantId: amira.id });
    const pairing = await db.getRepository(Pairing).findOneByOrFail({ id: member.pairingId });
    expect(pairing.status).toBe('active');
    expect(pairing.relayAddress).toMatch(/@/);
    const members = await db.getRepository(PairingMember).findBy({ pairingId: pairing.id });
    expect(members.map((m) => [m.participantId, m.role]).sort()).toEqual(
      [
        [amira.id, 'mentee'],
        [mentors.sam.id, 'mentor'],
      ].sort(),
    );
    await mail.next(amira, /^Sam said yes$/);
    await mail.next(mentors.sam, /^You are now Amira's mentor$/);
    expect(await statusOf(mentors.sam)).toBe('accepted');

    await running.app.get(ScheduleTickService).tick(clock.now());
    const welcomeAmira = await mail.next(amira, /^Welcome to /);
    const welcomeSam = await mail.next(mentors.sam, /^Welcome to /);
    for (const w of [welcomeAmira, welcomeSam]) expect(w.parsed.text).toContain(pairing.relayAddress);
    // Amira is paired: no more suggestions.
    await expect(choice.run(clock.now())).resolves.toMatchObject({ suggested: 0 });
  });
});
