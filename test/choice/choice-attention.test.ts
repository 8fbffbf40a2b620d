import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ChoiceService } from '../../src/choice/choice.service';
import { MatchRequest } from '../../src/choice/entities/match-request.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { StaffClient } from '../admin/staff-client';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import { TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/**
 * Staff's "Needs attention" lists the people of a choosing programme who need a hand: a mentee no
 * mentor is left for, a mentee whose last two requests lapsed, and a mentor who let two lapse.
 */
describe('choice on the needs-attention page', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let choice: ChoiceService;
  let programme: Programme;
  let ada: Participant;
  let bo: Participant;
  let ben: Participant;
  let cat: Participant;
  let dee: Participant;
  const first = new Date('2026-03-02T09:00:00Z');
  const second = new Date('2026-03-05T10:00:00Z');

  /** A request of `mentee` to `mentor`, as the choice module stores one; past due when `due`. */
  const request = (mentee: Participant, mentor: Participant, rank: number, status: 'asked' | 'suggested') =>
    db.getRepository(MatchRequest).save({
      programmeId: programme.id,
      menteeId: mentee.id,
      mentorId: mentor.id,
      status,
      batch: 1,
      rank,
      score: 50,
      explanation: '1 shared topic',
      suggestedAt: new Date('2026-02-25T09:00:00Z'),
      ...(status === 'asked'
        ? { askedAt: new Date('2026-02-26T09:00:00Z'), expiresAt: new Date('2026-03-01T09:00:00Z') }
        : {}),
    });

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    choice = running.app.get(ChoiceService);
    programme = await choiceProgramme(running.app, 'Attention Please');
    ada = await readyPerson(running.app, programme, { name: 'Ada Stone', role: 'mentor', topics: ['law'] });
    bo = await readyPerson(running.app, programme, { name: 'Bo Grant', role: 'mentor', topics: ['law'] });
    ben = await readyPerson(running.app, programme, { name: 'Ben Amadi', role: 'mentee', topics: ['law'] });
    dee = await readyPerson(running.app, programme, { name: 'Dee Okafor', role: 'mentee', topics: ['law'] });
    // Speaks only Welsh: no mentor shares a language, so the first tick has nobody to suggest.
    cat = await readyPerson(running.app, programme, {
      name: 'Cat Lewis',
      role: 'mentee',
      topics: ['law'],
      languages: ['Welsh'],
    });
    // Ben and Dee both asked Ada, who does not answer; Ben's next choice is Bo.
    await request(ben, ada, 1, 'asked');
    await request(ben, bo, 2, 'suggested');
    await request(dee, ada, 1, 'asked');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('lists who is stuck, why in plain words, and since when', async () => {
    // First tick: Ada lets both requests lapse (Ben's next choice, Bo, is asked); Cat has nobody.
    await choice.run(first);
    // Bo does not answer either: Ben's second lapse in a row, and no mentor is left for him.
    await choice.run(second);
    expect((await choice.waiting(programme.id)).map((w) => w.menteeId).sort()).toEqual(
      [ben.id, cat.id].sort(),
    );

    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'staff@example.org');
    const page = await (await staff.get('/admin/attention')).text();
    expect(page).toContain('Mentees choosing a mentor');
    // Times are in the viewer's zone (UTC until chosen), named once in the header.
    expect(page).toContain('Times in UTC');
    const rows = [
      ...page.matchAll(
        /<tr>\s*<td[^>]*>([^<]+)<\/td>\s*<td[^>]*><a href="[^"]+">[^<]+<\/a><\/td>\s*<td[^>]*>([^<]+)<\/td>\s*<td[^>]*>([^<]+)<\/td>/g,
      ),
    ].map((m) => [m[1], m[2], m[3].replace(/ \(.*\)$/, '')]);
    expect(rows).toEqual([
      ['Ada Stone', 'let the last two requests from mentees lapse without answering', '2026-03-02 09:00'],
      [
        'Ben Amadi',
        'their last two requests lapsed: neither mentor answered in time',
        '2026-03-02 09:00',
      ],
      [
        'Cat Lewis',
        'waiting for a mentor: no mentor with a free place is left to suggest',
        '2026-03-02 09:00',
      ],
      [
        'Ben Amadi',
        'waiting for a mentor: no mentor with a free place is left to suggest',
        '2026-03-05 10:00',
      ],
    ]);
    // One lapse is not a pattern: Dee (one lapse, now offered Bo) and Bo (one lapse) are not listed.
    expect(page).not.toContain('Dee Okafor');
    expect(page).not.toContain('Bo Grant');
    expect(page).toContain(`href="/admin/programmes/${programme.id}"`);
  });
});
