import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { TestEnv } from '../support/test-env';
import { StaffClient } from './staff-client';

jest.setTimeout(90_000);

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

const unescape = (s: string) => s.replace(/&amp;/g, '&');

/**
 * The admin's remaining tables: lists loaded whole (room and circle members, the dashboard's
 * programmes) are searched, sorted and paged by the shared data-table helper from the query
 * string; the logs, too large to load, are searched, sorted and paged in SQL the same way.
 */
describe('search, sort and pages on the admin tables', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let programs: ProgramsService;
  let programme: Programme;
  let staff: StaffClient;
  const tag = randomBytes(3).toString('hex');

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    programs = running.app.get(ProgramsService);
    programme = await programs.createProgramme(`Tables ${tag}`);
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'tables@staff.example');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const person = (name: string, role: 'mentor' | 'mentee' = 'mentee') =>
    programs.addParticipant(programme.id, {
      name,
      email: `${name.toLowerCase().replace(/\W+/g, '.')}.${tag}@people.example`,
      role,
      timeZone: 'Europe/London',
    });
  const wrote = async (pairing: Pairing, author: Participant, count: number) => {
    const threadId = randomUUID();
    const at = new Date(Date.now() - 86_400_000);
    await db.query(
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject, created_at, last_message_at)
       VALUES ($1, $2, 'Hello', 'hello', $3, $3)`,
      [threadId, pairing.id, at],
    );
    for (let i = 0; i < count; i++)
      await db.query(
        `INSERT INTO messages (thread_id, pairing_id, kind, author_id, new_text, subject, message_id, created_at)
         VALUES ($1, $2, 'relay', $3, 'Hi all', 'Hello', $4, $5)`,
        [threadId, pairing.id, author.id, `${randomUUID()}@example.org`, at],
      );
  };
  const html = async (path: string) => {
    const res = await staff.get(path);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('room members (a list loaded whole): search narrows, sort orders, page 2 holds the rest', async () => {
    const room = await programs.createRoom(programme, 'Careers in data', 'careers in data');
    // 53 members: more than a page (50).
    const members: Participant[] = [];
    for (let i = 1; i <= 52; i++) members.push(await person(`Member ${String(i).padStart(2, '0')}`));
    members.push(await person('Zora Quill'));
    for (const m of members) await programs.joinRoom(room.id, m);
    await wrote(room, members[10], 3);
    await wrote(room, members[20], 5);
    const base = `/admin/rooms/${room.id}`;
    const marker = 'class="room-members"';

    const first = await html(base);
    expect(rowsAfter(first, marker)).toHaveLength(50);
    expect(first).toContain('page 1 of 2');
    const next = /<a href="([^"]+)" rel="next">/.exec(first)?.[1];
    expect(unescape(next!)).toBe(`${base}?page=2`);
    const second = rowsAfter(await html(unescape(next!)), marker);
    expect(second.map((r) => r[0])).toEqual([
      'Member 51 (mentee)',
      'Member 52 (mentee)',
      'Zora Quill (mentee)',
    ]);

    const found = rowsAfter(await html(`${base}?q=quill`), marker);
    expect(found.map((r) => r[0])).toEqual(['Zora Quill (mentee)']);
    expect(rowsAfter(await html(`${base}?q=nobody-here`), marker)).toEqual([['Nobody has joined yet.']]);

    const byMessages = rowsAfter(await html(`${base}?sort=messages&dir=descending`), marker);
    expect(byMessages.slice(0, 3).map((r) => [r[0], r[1]])).toEqual([
      ['Member 21 (mentee)', '5'],
      ['Member 11 (mentee)', '3'],
      [expect.stringMatching(/^Member \d\d \(mentee\)$/), '0'],
    ]);
    const byName = rowsAfter(await html(`${base}?sort=name&dir=descending`), marker);
    expect(byName[0][0]).toBe('Zora Quill (mentee)');
    // Sort and search together, and the sort kept in the search form.
    const both = await html(`${base}?q=member%205&sort=name&dir=descending`);
    expect(rowsAfter(both, marker).map((r) => r[0])).toEqual([
      'Member 52 (mentee)',
      'Member 51 (mentee)',
      'Member 50 (mentee)',
    ]);
    expect(both).toContain('<input type="hidden" name="sort" value="name" />');
  });

  it('circle members: search by name or state, sort by messages', async () => {
    const lead = await person('Lena Lead', 'mentor');
    const [a, b, c] = [await person('Ann Circle'), await person('Bob Circle'), await person('Cat Circle')];
    const circle = await programs.createCircle(programme, `Circle ${tag}`, [lead], [a, b, c]);
    await wrote(circle, c, 4);
    await wrote(circle, a, 1);
    await programs.leaveCircle(circle.id, b.id);
    const base = `/admin/circles/${circle.id}`;
    const marker = '<h2>Members';
    expect(rowsAfter(await html(`${base}?q=ann`), marker).map((r) => r[0])).toEqual(['Ann Circle']);
    expect(rowsAfter(await html(`${base}?q=left`), marker).map((r) => r[0])).toEqual(['Bob Circle']);
    const sorted = rowsAfter(await html(`${base}?sort=messages&dir=descending`), marker);
    expect(sorted.map((r) => r[2])).toEqual(['4', '1', '0', '0']);
    expect(sorted.slice(0, 2).map((r) => r[0])).toEqual(['Cat Circle', 'Ann Circle']);
    const ascending = rowsAfter(await html(`${base}?sort=messages`), marker);
    expect(ascending.map((r) => r[2])).toEqual(['0', '0', '1', '4']);
  });

  it('dashboard programmes: search narrows, sort by pairings', async () => {
    const other = await programs.createProgramme(`Orchard ${tag}`);
    const m = await programs.addParticipant(other.id, {
      name: 'Orchard Mentor',
      email: `om.${tag}@people.example`,
      role: 'mentor',
      timeZone: 'UTC',
    });
    const e = await programs.addParticipant(other.id, {
      name: 'Orchard Mentee',
      email: `oe.${tag}@people.example`,
      role: 'mentee',
      timeZone: 'UTC',
    });
    await programs.createPairing(other, m, [e]);
    await programs.createProgramme(`Orchid ${tag}`);
    const found = rowsAfter(await html(`/admin?q=orchard`), '<h2>Programmes');
    expect(found.map((r) => r[0])).toEqual([`Orchard ${tag}`]);
    const names = async (query: string) =>
      rowsAfter(await html(`/admin?q=orch&${query}`), '<h2>Programmes').map((r) => [r[0], r[r.length - 1]]);
    expect(await names('sort=pairings&dir=descending')).toEqual([
      [`Orchard ${tag}`, '1'],
      [`Orchid ${tag}`, '0'],
    ]);
    expect(await names('sort=pairings')).toEqual([
      [`Orchid ${tag}`, '0'],
      [`Orchard ${tag}`, '1'],
    ]);
  });

  it('several tables on one page: each its own query keys, sorting one keeps the others as they were', async () => {
    await programs.createRoom(programme, `Alpha room ${tag}`, `alpha ${tag}`);
    await programs.createRoom(programme, `Beta room ${tag}`, `beta ${tag}`);
    const tab = `/admin/programmes/${programme.id}/pairings`;
    const page = await (await staff.get(`${tab}?rooms-q=beta&rooms-sort=name&circles-sort=members`)).text();
    const rooms = rowsAfter(page, 'Topic rooms (').map((r) => r[0]);
    expect(rooms).toEqual([`Beta room ${tag}`]);
    // The circles' sort links keep the rooms' search and sort; the rooms' keep the circles' sort.
    const links = [...page.matchAll(/href="([^"]+)"/g)].map((m) => unescape(m[1]));
    expect(links).toContain(
      `${tab}?rooms-q=beta&rooms-sort=name&circles-sort=members&circles-dir=descending`,
    );
    expect(links).toContain(`${tab}?circles-sort=members&rooms-q=beta&rooms-sort=name&rooms-dir=descending`);
    // The pairings table's own (unprefixed) keys leave both alone.
    expect(links).toContain(`${tab}?rooms-q=beta&rooms-sort=name&circles-sort=members&sort=pairing`);
    // The rooms' search form sends its own key and carries the other table's.
    expect(page).toContain('name="rooms-q" value="beta"');
    expect(page).toContain('<input type="hidden" name="circles-sort" value="members" />');

    const dashboard = await (
      await staff.get('/admin?rates-sort=sent&rates-dir=descending&q=zzz-no-such')
    ).text();
    expect(dashboard).toContain('aria-label="Bounces and complaints"');
    expect(rowsAfter(dashboard, '<h2>Programmes</h2>')[0]?.[0]).toContain('No programme yet.');
    const rateLinks = [...dashboard.matchAll(/href="([^"]+)"/g)].map((m) => unescape(m[1]));
    expect(rateLinks).toContain('/admin?q=zzz-no-such&rates-sort=sent');
  });

  it('the outbox list (at most 200 files): search by file name, sort by size', async () => {
    await writeFile(join(env.outboxDir, `small-${tag}.eml`), 'Subject: a\r\n\r\na');
    await writeFile(join(env.outboxDir, `large-${tag}.eml`), `Subject: b\r\n\r\n${'b'.repeat(5000)}`);
    await writeFile(join(env.outboxDir, `other-${tag}.eml`), 'Subject: c\r\n\r\nc');
    const files = async (query: string) =>
      rowsAfter(await html(`/admin/outbox?${query}`), '<table>').map((r) => r[1]);
    expect(await files('q=small')).toEqual([`small-${tag}.eml`]);
    expect((await files(`q=${tag}&sort=size&dir=descending`))[0]).toBe(`large-${tag}.eml`);
    expect((await files(`q=${tag}&sort=size`))[2]).toBe(`large-${tag}.eml`);
    expect(await files(`q=${tag}&sort=file`)).toEqual([
      `large-${tag}.eml`,
      `other-${tag}.eml`,
      `small-${tag}.eml`,
    ]);
  });

  it('the outbound log (paged in SQL): the search filters in SQL and the next page keeps it', async () => {
    // 103 deliveries to a "needle" address and 3 others, newest last: more than a page (100) of matches.
    await db.query(
      `INSERT INTO deliveries (dedupe_key, kind, status, to_address, message_id, created_at)
       SELECT 'tables:' || n, 'notice', 'sent', 'needle-' || n || '@people.example', gen_random_uuid()::text,
              now() - (200 - n) * interval '1 minute'
         FROM generate_series(1, 103) n
       UNION ALL
       SELECT 'tables:other:' || n, 'notice', 'sent', 'haystack-' || n || '@people.example', gen_random_uuid()::text,
              now() - (100 - n) * interval '1 minute'
         FROM generate_series(1, 3) n`,
    );
    const marker = '<table>';
    const page1 = await html('/admin/deliveries?q=NEEDLE');
    const rows1 = rowsAfter(page1, marker);
    expect(rows1).toHaveLength(100);
    expect(rows1.every((r) => r[4].startsWith('needle-'))).toBe(true);
    expect(rows1[0][4]).toBe('needle-103@people.example');
    expect(page1).not.toContain('haystack-');
    const next = unescape(/<a href="([^"]+)" rel="next">Next<\/a>/.exec(page1)![1]);
    expect(next).toBe('/admin/deliveries?q=NEEDLE&page=2');
    const rows2 = rowsAfter(await html(next), marker);
    expect(rows2.map((r) => r[4])).toEqual([
      'needle-3@people.example',
      'needle-2@people.example',
      'needle-1@people.example',
    ]);

    // A % in the box is a character, not a wildcard; a status tab keeps the search.
    expect(rowsAfter(await html('/admin/deliveries?q=%25'), marker)).toEqual([['No delivery here.']]);
    const haystack = await html('/admin/deliveries?q=haystack');
    expect(rowsAfter(haystack, marker).map((r) => r[4])).toEqual([
      'haystack-3@people.example',
      'haystack-2@people.example',
      'haystack-1@people.example',
    ]);
    expect(unescape(haystack)).toContain('href="/admin/deliveries?q=haystack&status=failed"');
    expect(rowsAfter(await html('/admin/deliveries?q=haystack&status=failed'), marker)).toEqual([
      ['No delivery here.'],
    ]);
  });

  it('the inbound log: the search finds by subject and by the pair’s names, in SQL', async () => {
    const m = await person('Inga Inbound', 'mentor');
    const e = await person('Olaf Other');
    const pairing = await programs.createPairing(programme, m, [e]);
    await db.query(
      `INSERT INTO inbound_emails (source, recipient, raw, size, status, reason, from_address, subject, pairing_id, received_at)
       VALUES ('smtp', $1, convert_to('x', 'UTF8'), 1, 'accepted', NULL, 'someone@people.example', 'Quarterly plans', $2, now()),
              ('smtp', 'nobody@relay.localhost', convert_to('x', 'UTF8'), 1, 'rejected', 'unknown_recipient',
               'spam@junk.example', 'Cheap watches', NULL, now())`,
      [pairing.relayAddress, pairing.id],
    );
    const subjects = async (q: string) =>
      rowsAfter(await html(`/admin/inbound?q=${encodeURIComponent(q)}`), '<table>').map((r) => r[5]);
    expect(await subjects('quarterly')).toEqual(['Quarterly plans']);
    expect(await subjects('olaf')).toEqual(['Quarterly plans']);
    expect(await subjects('watches')).toEqual(['Cheap watches']);
    expect((await subjects('')).length).toBeGreaterThanOrEqual(2);
    const box = await html('/admin/inbound?status=held&q=watches');
    expect(box).toContain('<input type="hidden" name="status" value="held" />');
    expect(box).toMatch(/<input type="search" name="q" value="watches"/);
  });
});
