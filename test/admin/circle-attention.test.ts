import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { CirclesService } from '../../src/circles/circles.service';
import { Transactor } from '../../src/database/transactor';
import { ProgramsRepository } from '../../src/programs/programs.repository';
import { ProgramsService } from '../../src/programs/programs.service';
import { TestEnv } from '../support/test-env';
import { daysAgo } from './prompt-rows';
import { StaffClient } from './staff-client';

jest.setTimeout(60_000);

/** The rows of the first table after `marker` in `page`, each as its cells' text. */
function rowsAfter(page: string, marker: string): string[][] {
  const start = page.indexOf(marker);
  if (start < 0) return [];
  const table = page.slice(start, page.indexOf('</table>', start));
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((tr) =>
    [...tr[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((td) =>
      td[1]
        .replace(/<[^<>]*>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/**
 * Needs attention, circles: a circle nobody has written in for 14 days (since its last message
 * or since it began) and the members who never wrote a week after it began. A circle created
 * yesterday, a member who left and a muted member are not listed. The circle and room pages show
 * each member's last message and silence.
 */
describe('circles on the needs-attention page, and silence on the circle and room pages', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let programs: ProgramsService;
  let programme: Programme;
  let staff: StaffClient;
  const people: Record<string, Participant> = {};

  /** A message `author` wrote to `circle` on `at`, as the relay stores one. */
  const wrote = async (circle: Pairing, author: Participant, at: Date) => {
    const threadId = randomUUID();
    await db.query(
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject, created_at, last_message_at)
       VALUES ($1, $2, 'Hello', 'hello', $3, $3)`,
      [threadId, circle.id, at],
    );
    await db.query(
      `INSERT INTO messages (thread_id, pairing_id, kind, author_id, new_text, subject, message_id, created_at)
       VALUES ($1, $2, 'relay', $3, 'Hi all', 'Hello', $4, $5)`,
      [threadId, circle.id, author.id, `${randomUUID()}@example.org`, at],
    );
  };
  const began = (circle: Pairing, at: Date) =>
    db.query(`UPDATE pairings SET created_at = $2 WHERE id = $1`, [circle.id, at]);
  const circle = (name: string, lead: string, members: string[]) =>
    programs.createCircle(
      programme,
      name,
      [people[lead]],
      members.map((m) => people[m]),
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    programs = running.app.get(ProgramsService);
    const tag = randomBytes(3).toString('hex');
    programme = await programs.createProgramme(`Circle Attention ${tag}`);
    for (const [name, role] of [
      ['Lead Old', 'mentor'],
      ['Lead Busy', 'mentor'],
      ['Lead New', 'mentor'],
      ['Olga', 'mentee'],
      ['Bea', 'mentee'],
      ['Quinn', 'mentee'],
      ['Lou', 'mentee'],
      ['Mo', 'mentee'],
      ['Nia', 'mentee'],
    ] as const)
      people[name] = await programs.addParticipant(programme.id, {
        name,
        email: `${name.replace(' ', '.').toLowerCase()}.${tag}@example.org`,
        role,
      });
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'circle-attention@example.org');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('lists silent circles and members who never wrote, and nothing that is not', async () => {
    // Talked 20 days ago, then nothing: silent.
    const old = await circle('Old Talkers', 'Lead Old', ['Olga']);
    await began(old, daysAgo(30));
    await wrote(old, people['Lead Old'], daysAgo(20));
    await wrote(old, people.Olga, daysAgo(20));
    // Began 20 days ago, busy 2 days ago; Quinn never wrote, Lou left, Mo is muted.
    const busy = await circle('Busy Bees', 'Lead Busy', ['Bea', 'Quinn', 'Lou', 'Mo']);
    await began(busy, daysAgo(20));
    await wrote(busy, people['Lead Busy'], daysAgo(2));
    await wrote(busy, people.Bea, daysAgo(2));
    await programs.leaveCircle(busy.id, people.Lou.id);
    await programs.muteCircleMember(busy.id, people.Mo.id, true, 'staff');
    // Began yesterday, nobody wrote yet: neither silent nor anyone "never wrote".
    await began(await circle('Fresh Start', 'Lead New', ['Nia']), daysAgo(1));

    const page = await (await staff.get('/admin/attention')).text();
    const silent = rowsAfter(page, 'class="silent-circles"');
    expect(silent.map((r) => [r[0], r[2]])).toEqual([['Old Talkers', '20 d ago']]);
    const never = rowsAfter(page, 'class="never-wrote"');
    expect(never.map((r) => [r[0], r[1]])).toEqual([['Quinn (member)', 'Busy Bees']]);

    // Nobody at all wrote in 15 days since it began: silent, and "nobody ever wrote".
    const quiet = await circle('Never Started', 'Lead New', ['Nia']);
    await began(quiet, daysAgo(15));
    const again = await (await staff.get('/admin/attention')).text();
    expect(rowsAfter(again, 'class="silent-circles"').map((r) => [r[0], r[2]])).toEqual([
      ['Old Talkers', '20 d ago'],
      ['Never Started', 'nobody ever wrote'],
    ]);
    expect(
      rowsAfter(again, 'class="never-wrote"')
        .filter((r) => r[1] === 'Never Started')
        .map((r) => r[0])
        .sort(),
    ).toEqual(['Lead New (lead)', 'Nia (member)']);
    // The narrowed page of another programme lists none of them.
    const other = await programs.createProgramme(`Other ${randomBytes(3).toString('hex')}`);
    const narrowed = await (await staff.get(`/admin/attention?programme=${other.id}`)).text();
    expect(narrowed).not.toContain('Never Started');
    expect(narrowed).not.toContain('Quinn');
  });

  it('the circle and room pages show each member’s last message and silence', async () => {
    const c = await circle('Page Circle', 'Lead Old', ['Bea', 'Nia']);
    await wrote(c, people.Bea, daysAgo(4));
    const circlePage = await (await staff.get(`/admin/circles/${c.id}`)).text();
    const members = rowsAfter(circlePage, '<h2>Members');
    expect(members.find((r) => r[0] === 'Bea')?.slice(1, 5)).toEqual(['member', '1', '4 d ago', '4 day(s)']);
    expect(members.find((r) => r[0] === 'Nia')?.slice(3, 5)).toEqual(['—', 'never wrote']);

    const room = await programs.createRoom(programme, 'Getting into tech', 'getting into tech');
    await programs.joinRoom(room.id, people.Olga);
    await programs.joinRoom(room.id, people.Quinn);
    await wrote(room, people.Olga, daysAgo(3));
    const roomPage = await (await staff.get(`/admin/rooms/${room.id}`)).text();
    expect(rowsAfter(roomPage, 'class="room-members"')).toEqual([
      ['Olga (mentee)', '1', '3 d ago', '3 day(s)'],
      ['Quinn (mentee)', '0', '—', 'never wrote'],
    ]);
  });

  it('a lead’s #mute is on needs attention until staff keep it; staff’s own mute is not', async () => {
    const c = await circle('Mute Circle', 'Lead Busy', ['Quinn', 'Lou']);
    const found = (await running.app.get(ProgramsRepository).findPairing(c.id))!;
    // Lead Busy mutes Quinn by name, as the #mute command does.
    await running.app
      .get(Transactor)
      .run((tx) =>
        running.app.get(CirclesService).muteByName(tx, found, people['Lead Busy'], 'Quinn', true, 'test'),
      );
    // Staff mute Lou from the circle page: nothing to tell staff.
    const csrf = await staff.csrf(`/admin/circles/${c.id}`);
    expect(
      (await staff.post(`/admin/circles/${c.id}/members/${people.Lou.id}/mute`, { _csrf: csrf })).status,
    ).toBe(303);
    const page = await (await staff.get('/admin/attention')).text();
    expect(rowsAfter(page, 'class="lead-mutes"').map((r) => [r[0], r[1], r[3]])).toEqual([
      ['Quinn', 'Mute Circle', '0'],
    ]);
    // Staff keep it: it is theirs, still muted, and no longer listed.
    const keep = await staff.post(`/admin/circles/${c.id}/members/${people.Quinn.id}/keep-muted`, {
      _csrf: await staff.csrf('/admin/attention'),
    });
    expect(keep.status).toBe(303);
    const [row] = await db.query(
      `SELECT muted_at IS NOT NULL AS muted, muted_by FROM pairing_members WHERE pairing_id = $1 AND participant_id = $2`,
      [c.id, people.Quinn.id],
    );
    expect(row).toEqual({ muted: true, muted_by: 'staff' });
    expect(await (await staff.get('/admin/attention')).text()).not.toContain('class="lead-mutes"');
  });
});
