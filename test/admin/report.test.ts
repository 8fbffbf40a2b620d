import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { StaffClient } from './staff-client';

const HOUR = 3_600_000;

/** The programme report: its figures from known messages and votes, and CSV a spreadsheet cannot run. */
describe('programme report and CSV exports', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let staff: StaffClient;
  let w: PairingWorld;
  const t0 = new Date('2026-03-02T09:00:00Z');

  const at = (hours: number) => new Date(t0.getTime() + hours * HOUR);

  async function thread(): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject, created_at, last_message_at)
       VALUES ($1, $2, 'Week 1', 'week 1', $3, $3)`,
      [id, w.pairing.id, t0],
    );
    return id;
  }

  async function message(threadId: string, authorId: string | null, when: Date): Promise<string> {
    const id = randomUUID();
    await db.query(
      `INSERT INTO messages (id, thread_id, pairing_id, kind, author_id, new_text, message_id, created_at)
       VALUES ($1, $2, $3, $4, $5, 'text', $6, $7)`,
      [id, threadId, w.pairing.id, authorId ? 'relay' : 'prompt', authorId, `${id}@relay.test`, when],
    );
    return id;
  }

  async function poll(threadId: string, key: string, options: string[], week: number): Promise<string> {
    const messageId = await message(threadId, null, at(week * 24));
    const rows: { id: string }[] = await db.query(
      `INSERT INTO pairing_prompts (pairing_id, week, item, prompt_key, title, thread_id, message_row_id, poll_options, issued_at)
       VALUES ($1, $2, 0, $3, $3, $4, $5, $6, $7) RETURNING id`,
      [w.pairing.id, week, key, threadId, messageId, JSON.stringify(options), at(week * 24)],
    );
    return rows[0].id;
  }

  const vote = (
    promptId: string,
    participantId: string,
    option: number,
    when: Date,
    comment: string | null = null,
  ) =>
    db.query(
      `INSERT INTO poll_votes (pairing_prompt_id, participant_id, option_index, voted_at, comment) VALUES ($1, $2, $3, $4, $5)`,
      [promptId, participantId, option, when, comment],
    );

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    w = await createPairingWorld(running.app);
    // A name a spreadsheet would run as a formula, on the mentee's row of every export.
    await db.query(`UPDATE participants SET name = $1 WHERE id = $2`, [
      '=HYPERLINK("http://evil.example","Tom")',
      w.mentee.id,
    ]);
    const th = await thread();
    // Mentor writes; the mentee answers after 2 h; the mentor after 3 h; the mentee after 4 h, then 10 h.
    await message(th, w.mentor.id, at(0));
    await message(th, w.mentee.id, at(2));
    await message(th, w.mentor.id, at(5));
    await message(th, w.mentor.id, at(6)); // a second message in a row: not a reply
    await message(th, w.mentee.id, at(10));
    await message(th, w.mentor.id, at(11));
    await message(th, w.mentee.id, at(21));
    const pulse = ['1, not at all', '2, a little', '3, somewhat', '4, quite a lot', '5, very much'];
    const week1 = await poll(th, 'pulse-score', pulse, 1);
    const week3 = await poll(th, 'pulse-score', pulse, 15);
    await vote(week1, w.mentor.id, 1, at(30)); // 2
    await vote(week1, w.mentee.id, 3, at(31)); // 4
    await vote(week3, w.mentor.id, 4, at(15 * 24 + 1)); // 5
    const close = await poll(
      th,
      'close-survey',
      ['1: poor', '2: fair', '3: good', '4: very good', '5: excellent'],
      20,
    );
    await vote(close, w.mentor.id, 4, at(20 * 24 + 2), '+1 would mentor again');
    await vote(close, w.mentee.id, 2, at(20 * 24 + 3), '@all it was fine');
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'report@example.org');
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  });

  it('shows the median reply time of each side, the pulse trend and the close survey, with charts that have a text version', async () => {
    const res = await staff.get(`/admin/programmes/${w.programme.id}/report`);
    expect(res.status).toBe(200);
    const page = await res.text();
    // Mentee replies: 2 h, 4 h, 10 h, median 4 h; mentor replies: 3 h (at 5 after 2), 1 h (at 11 after 10): median 2 h.
    expect(page).toMatch(/<th scope="row">mentees<\/th>\s*<td>4\.0 h \(3 replies\)<\/td>/);
    expect(page).toMatch(/<th scope="row">mentors<\/th>\s*<td>2\.0 h \(2 replies\)<\/td>/);
    // Week of 2 March: (2 + 4) / 2; week of 16 March: 5.
    expect(page).toMatch(/<th scope="row">03-02<\/th>\s*<td>3\.0 \(2 votes\)<\/td>/);
    expect(page).toMatch(/<th scope="row">03-16<\/th>\s*<td>5\.0 \(1 votes\)<\/td>/);
    expect(page).toContain('2 answer(s), average 4.0 of 5.');
    // Every chart is an image with a title and a description the screen reader reads.
    const charts = page.match(/<svg [^>]*role="img" aria-labelledby="([a-z-]+)-t \1-d"/g) ?? [];
    expect(charts).toHaveLength(4);
    expect(page).toContain('aria-current="page">Report</a>');
  });

  it('exports pairings, activity and survey answers as CSV that no spreadsheet runs', async () => {
    const get = async (kind: string) => {
      const res = await staff.get(`/admin/programmes/${w.programme.id}/report/${kind}.csv`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`attachment; filename=".+-${kind}\\.csv"`),
      );
      return (await res.text()).replace(/^\uFEFF/, '').split('\r\n');
    };
    const pairings = await get('pairings');
    expect(pairings[0]).toBe('pairing_id,kind,status,mentors,mentees,created_at,ended_at,end_reason');
    expect(pairings[1]).toContain(
      `${w.pairing.id},pair,active,Maria Mentor,"'=HYPERLINK(""http://evil.example"",""Tom"")"`,
    );
    const activity = await get('activity');
    expect(activity[1]).toMatch(
      new RegExp(`^${w.pairing.id},Maria Mentor,.+,4,3,3,2026-03-03T06:00:00.000Z$`),
    );
    const surveys = await get('surveys');
    expect(surveys).toContain(
      `${w.pairing.id},Maria Mentor,mentor,close-survey,5,5: excellent,'+1 would mentor again,2026-03-22T11:00:00.000Z`,
    );
    expect(surveys.some((l) => l.includes(",'@all it was fine,"))).toBe(true);
    expect(surveys.filter((l) => l.includes('pulse-score'))).toHaveLength(3);
    expect((await staff.get(`/admin/programmes/${w.programme.id}/report/secrets.csv`)).status).toBe(404);
  });

  it('offers each export semicolon-separated, for Excel where a comma writes decimals', async () => {
    const page = await (await staff.get(`/admin/programmes/${w.programme.id}/report`)).text();
    expect(page).toContain('Where a comma writes decimals');
    const links = [...page.matchAll(/href="([^"]+\?sep=semicolon)" download/g)].map((m) => m[1]);
    expect(links).toEqual(
      ['pairings', 'activity', 'surveys'].map(
        (k) => `/admin/programmes/${w.programme.id}/report/${k}.csv?sep=semicolon`,
      ),
    );
    const res = await staff.get(links[0]);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    // The BOM that makes Excel read UTF-8 names (fetch's text() would drop it).
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('pairing_id;kind;status;mentors;mentees;created_at;ended_at;end_reason');
    expect(lines[1]).toContain(
      `${w.pairing.id};pair;active;Maria Mentor;"'=HYPERLINK(""http://evil.example"",""Tom"")"`,
    );
    const surveys = (await (await staff.get(links[2])).text()).split('\r\n');
    expect(surveys.some((l) => l.includes(";'@all it was fine;"))).toBe(true);
    // Any other separator is no export at all.
    expect((await staff.get(`/admin/programmes/${w.programme.id}/report/pairings.csv?sep=tab`)).status).toBe(
      404,
    );
  });

  it('shows times in the zone the viewer picked, and names that zone on every page', async () => {
    const threadPage = async () => {
      const [row] = (await db.query(`SELECT id FROM threads WHERE pairing_id = $1`, [w.pairing.id])) as {
        id: string;
      }[];
      return (await staff.get(`/admin/threads/${row.id}`)).text();
    };
    const before = await threadPage();
    expect(before).toContain('Times in UTC');
    expect(before).toContain('2026-03-02 09:00');
    const saved = await staff.post('/admin/account/time-zone', {
      _csrf: await staff.csrf(),
      timeZone: 'America/New_York',
    });
    expect(saved.status).toBe(303);
    const after = await threadPage();
    expect(after).toContain('Times in America/New_York');
    // 09:00 UTC on 2 March is 04:00 in New York (EST, before the clocks change on 8 March), and
    // the mentee's 06:00 UTC reply on 3 March was sent at 01:00 their time; 20:00 UTC is 15:00.
    expect(after).toContain('2026-03-02 04:00');
    expect(after).toContain('2026-03-03 01:00');
    expect(before).toContain('2026-03-02 20:00');
    expect(after).not.toContain('2026-03-02 20:00');
    const refused = await staff.post('/admin/account/time-zone', {
      _csrf: await staff.csrf(),
      timeZone: 'Mars/Olympus',
    });
    expect(refused.status).toBe(400);
  });

  it('searches and sorts the participants from the query string, without script', async () => {
    const base = `/admin/programmes/${w.programme.id}/participants`;
    const found = await (await staff.get(`${base}?q=MARIA&sort=email&dir=descending`)).text();
    expect(found).toContain(w.mentor.email);
    expect(found).not.toContain(w.mentee.email);
    expect(found).toMatch(/aria-sort="descending">\s*<a href="[^"]*sort=email"/);
    const sorted = await (await staff.get(`${base}?sort=role&dir=descending`)).text();
    // "mentee" sorts before "mentor".
    expect(sorted.indexOf(w.mentor.email)).toBeLessThan(sorted.indexOf(w.mentee.email));
    const ascending = await (await staff.get(`${base}?sort=role`)).text();
    expect(ascending.indexOf(w.mentee.email)).toBeLessThan(ascending.indexOf(w.mentor.email));
  });

  it('answers an unknown admin address with the 404 page in the layout, and a bad id with a 400 page', async () => {
    const missing = await staff.get('/admin/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    const body = await missing.text();
    expect(body).toContain('<h1>Page not found</h1>');
    expect(body).toContain('Back to the dashboard');
    const unknown = await staff.get(`/admin/programmes/${randomUUID()}/report`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('aria-label="Admin"');
    const bad = await staff.get('/admin/programmes/not-a-uuid/participants');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('<h1>That did not work</h1>');
    // The API keeps its JSON.
    const api = await staff.get('/api/no-such-thing');
    expect(api.headers.get('content-type')).toContain('application/json');
  });
});
