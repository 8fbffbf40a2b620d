import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffAuthService } from '../../src/admin/auth/staff-auth.service';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { CultureService } from '../../src/prompts/culture/culture.service';
import { DEFAULT_FILMS, DEFAULT_TOURS } from '../../src/prompts/culture/default-catalogue';
import { getPrompt } from '../../src/prompts/library/prompt-library';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { buildEmail } from '../factories/emails';
import { issuePrompt } from '../admin/prompt-rows';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';
import { pairingAt as placeAt } from './pairing-at';

const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');

jest.setTimeout(90_000);

/** Movie club and museum visits filled from the programme's films and tours. */
describe('movie club and museum tours', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let tick: ScheduleTickService;
  let api: (method: string, path: string, body?: object) => Promise<Response>;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
    const { id } = await createAdmin(running.app, 'films@example.org', 'correct horse battery');
    const token = await running.app.get(StaffAuthService).issueApiToken(id);
    api = (method, path, body) =>
      fetch(`${running.httpUrl!}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body && JSON.stringify(body),
      });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const pairingAt = (week: number, item: number, day: string, world?: PairingWorld) =>
    placeAt(running.app, clock, { week, item, day }, world);

  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );
  const isPrompt = (week: number) => (m: OutboxEmail) =>
    (m.parsed.subject ?? '').startsWith(`Week ${week}:`) && (m.parsed.text ?? '').includes('Your ask:');

  const reply = async (world: PairingWorld, from: string, to: OutboxEmail, text: string) => {
    const email = buildEmail({
      from,
      to: world.pairing.relayAddress,
      subject: `Re: ${to.parsed.subject}`,
      inReplyTo: bare(to.parsed.messageId),
      references: [bare(to.parsed.messageId)],
      text,
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from,
      to: [world.pairing.relayAddress],
      raw: email.raw,
    });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  };

  const offeredTitles = async (pairingId: string): Promise<{ title: string; min_age: number }[]> =>
    db.query(
      `SELECT f.title, f.min_age FROM prompt_films o JOIN films f ON f.id = o.film_id
         JOIN pairing_prompts pp ON pp.id = o.pairing_prompt_id
        WHERE pp.pairing_id = $1 ORDER BY o.position`,
      [pairingId],
    );

  it('ships the default films and tours', async () => {
    const [{ films }] = await db.query(`SELECT count(*)::int AS films FROM films WHERE programme_id IS NULL`);
    const [{ tours }] = await db.query(
      `SELECT count(*)::int AS tours FROM virtual_tours WHERE programme_id IS NULL`,
    );
    expect(films).toBe(DEFAULT_FILMS.length);
    expect(films).toBeGreaterThanOrEqual(12);
    expect(tours).toBe(DEFAULT_TOURS.length);
    expect(tours).toBeGreaterThanOrEqual(8);
    expect(new Set(DEFAULT_FILMS.map((f) => f.ageRating)).size).toBeGreaterThanOrEqual(3);
    for (const t of DEFAULT_TOURS) expect(new URL(t.url).protocol).toBe('https:');
  });

  it('offers three films within the age limit to both members; the discussion names the film the mentee picked', async () => {
    const world = await createPairingWorld(running.app);
    const put = await api('PUT', `/api/programmes/${world.programme.id}/min-age`, { minAge: 8 });
    expect(put.status).toBe(200);
    await pairingAt(5, 0, '2026-03-03', world);

    await tick.tick(clock.set('2026-03-03T08:00:05Z'));
    const mentorPick = await mailTo(world.mentor.email, isPrompt(5));
    const offered = await offeredTitles(world.pairing.id);
    expect(offered).toHaveLength(3);
    for (const f of offered) expect(f.min_age).toBeLessThanOrEqual(8);
    offered.forEach((f, i) => expect(mentorPick.parsed.text).toContain(`${i + 1}. ${f.title}`));

    clock.set('2026-03-03T15:00:00Z');
    await reply(world, world.mentor.email, mentorPick, '2\nI have wanted to see it for ages.');
    await tick.tick(clock.set('2026-03-03T15:00:30Z'));
    const menteePick = await mailTo(world.mentee.email, isPrompt(5));
    const menteeText = menteePick.parsed.text ?? '';
    offered.forEach((f, i) => expect(menteeText).toContain(`${i + 1}. ${f.title}`));
    expect(menteeText).toContain('I have wanted to see it for ages.');

    // The mentee makes the final pick, by title, in a sentence.
    clock.set('2026-03-03T16:00:00Z');
    await reply(
      world,
      world.mentee.email,
      menteePick,
      `Let's watch ${offered[0].title.toLowerCase()} on Saturday!`,
    );

    // Day 5 is Sunday 8 March: New York is on summer time from that morning (09:00 is 13:00Z).
    await tick.tick(clock.set('2026-03-08T08:00:30Z'));
    await tick.tick(clock.set('2026-03-08T13:00:30Z'));
    const angle = DEFAULT_FILMS.find((f) => f.title === offered[0].title)!.discussionAngle;
    for (const member of [world.mentor, world.mentee]) {
      const discussion = await mailTo(
        member.email,
        (m) => isPrompt(5)(m) && (m.parsed.subject ?? '').includes('talk it over'),
      );
      expect(discussion.parsed.text).toContain(`Hope you enjoyed ${offered[0].title}`);
      expect(discussion.parsed.text).toContain(angle);
    }
  });

  it('says "the film you picked" when no reply named one', async () => {
    const world = await pairingAt(5, 1, '2026-03-08');
    await tick.tick(clock.set('2026-03-08T08:00:30Z'));
    const discussion = await mailTo(world.mentor.email, (m) =>
      (m.parsed.subject ?? '').includes('talk it over'),
    );
    expect(discussion.parsed.text).toContain('Hope you enjoyed the film you picked.');
  });

  it('never offers a film above the programme’s youngest age', async () => {
    const world = await createPairingWorld(running.app);
    await api('PUT', `/api/programmes/${world.programme.id}/min-age`, { minAge: 0 });
    const programme = await running.app.get(ProgramsService).createProgramme('Other programme');
    const own = await api('POST', `/api/programmes/${world.programme.id}/films`, {
      title: 'My Neighbor Totoro',
      year: 1988,
      runtimeMinutes: 86,
      ageRating: 'G',
      themes: ['nature', 'family'],
      discussionAngle: 'The sisters are brave in a new place: what helped you settle somewhere new?',
    });
    expect(own.status).toBe(201);
    const seen = new Set<string>();
    const culture = running.app.get(CultureService);
    for (let i = 0; i < 12; i++) {
      const pair = await createPairingWorld(running.app, { programme: world.programme });
      const { id } = await issuePrompt(db, pair, { week: 5, at: clock.now() });
      const pairingId = pair.pairing.id;
      const refreshed = { ...world.programme, minAge: 0 };
      const props = await culture.propsFor(getPrompt('movie-club-pick'), { id, pairingId }, refreshed);
      expect(props!.films).toHaveLength(3);
      for (const f of props!.films!) {
        expect(f.ageRating).toBe('G');
        seen.add(f.title);
      }
    }
    // Only G films (four default, one of the programme's own), and different pairs see different sets.
    expect([...seen].sort()).toEqual([
      'Finding Nemo',
      'My Neighbor Totoro',
      'Ratatouille',
      'Toy Story',
      'WALL-E',
    ]);
    const other = (await (await api('GET', `/api/programmes/${programme.id}/films`)).json()) as {
      title: string;
    }[];
    expect(other.map((f) => f.title)).not.toContain('My Neighbor Totoro');
  });

  it('lets staff add films and tours, refusing bad or duplicate entries with every problem named', async () => {
    const programme = await running.app.get(ProgramsService).createProgramme('Catalogue staff');
    const bad = await api('POST', `/api/programmes/${programme.id}/films`, {
      title: '',
      year: 1700,
      runtimeMinutes: 90,
      ageRating: '12A',
      themes: [],
      discussionAngle: 'Why?',
    });
    expect(bad.status).toBe(400);
    const { message } = (await bad.json()) as { message: string };
    for (const field of ['title', 'year', 'minAge', 'themes']) expect(message).toContain(field);

    const dup = await api('POST', `/api/programmes/${programme.id}/films`, {
      title: 'hidden figures',
      year: 2016,
      runtimeMinutes: 127,
      ageRating: 'PG',
      themes: 'STEM, persistence',
      discussionAngle: 'Which of the three is most like you?',
    });
    expect(dup.status).toBe(400);
    expect(((await dup.json()) as { message: string }).message).toContain('already');

    const uk = await api('POST', `/api/programmes/${programme.id}/films`, {
      title: 'Wonder',
      year: 2017,
      runtimeMinutes: 113,
      ageRating: 'PG (UK)',
      minAge: 8,
      themes: 'kindness, school',
      discussionAngle: 'Auggie’s first year changes the people around him: who changed your school year?',
    });
    expect(uk.status).toBe(201);
    const listed = (await (await api('GET', `/api/programmes/${programme.id}/films`)).json()) as {
      title: string;
      offered: boolean;
      programmeId: string | null;
    }[];
    expect(listed.find((f) => f.title === 'Wonder')).toMatchObject({
      offered: true,
      programmeId: programme.id,
    });
    expect(listed.find((f) => f.title === 'Good Will Hunting')).toMatchObject({
      offered: false,
      programmeId: null,
    });

    const http = await api('POST', `/api/programmes/${programme.id}/tours`, {
      name: 'Somewhere',
      url: 'http://example.org/tour',
      lookAt: 'x',
      careerQuestion: 'y',
    });
    expect(http.status).toBe(400);
    const tour = await api('POST', `/api/programmes/${programme.id}/tours`, {
      name: 'Science Museum, London',
      url: 'https://artsandculture.google.com/partner/science-museum',
      lookAt: 'Find a machine that replaced a job.',
      careerQuestion: 'Which job would you automate, and what would you do instead?',
    });
    expect(tour.status).toBe(201);
    const tours = (await (await api('GET', `/api/programmes/${programme.id}/tours`)).json()) as {
      name: string;
    }[];
    expect(tours).toHaveLength(DEFAULT_TOURS.length + 1);
    expect((await api('PUT', `/api/programmes/${programme.id}/min-age`, { minAge: 40 })).status).toBe(400);
  });

  it('gives each pairing of a programme a different tour until every tour is used', async () => {
    const programme = await running.app.get(ProgramsService).createProgramme('Tour spread');
    const culture = running.app.get(CultureService);
    const tourPrompt = getPrompt('virtual-museum-tour');
    const names: string[] = [];
    for (let i = 0; i <= DEFAULT_TOURS.length; i++) {
      const { pairing } = await createPairingWorld(running.app, { programme });
      const props = await culture.propsFor(
        tourPrompt,
        { id: randomUUID(), pairingId: pairing.id },
        programme,
      );
      names.push(props!.tour!.name);
    }
    expect(new Set(names.slice(0, DEFAULT_TOURS.length)).size).toBe(DEFAULT_TOURS.length);
    expect(names.slice(0, DEFAULT_TOURS.length)).toContain(names[DEFAULT_TOURS.length]);
  });

  it('sends the pairing its own tour: name, link, what to look at and the career question', async () => {
    const world = await pairingAt(7, 0, '2026-03-03');
    await tick.tick(clock.set('2026-03-03T08:00:05Z'));
    const mail = await mailTo(world.mentor.email, isPrompt(7));
    const [row] = await db.query(
      `SELECT t.name, t.url, t.look_at, t.career_question FROM pairing_tours p JOIN virtual_tours t ON t.id = p.tour_id
        WHERE p.pairing_id = $1`,
      [world.pairing.id],
    );
    expect(mail.parsed.text).toContain(row.name);
    expect(mail.parsed.text).toContain(row.look_at);
    expect(mail.parsed.text).toContain(row.career_question);
    expect(mail.parsed.html).toContain(`href="${row.url}"`);
    // The mentee's copy is the same tour.
    await tick.tick(clock.set('2026-03-03T14:00:05Z'));
    const menteeMail = await mailTo(world.mentee.email, isPrompt(7));
    expect(menteeMail.parsed.html).toContain(`href="${row.url}"`);
  });
});
