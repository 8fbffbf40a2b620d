import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsRepository } from '../../src/programs/programs.repository';
import { ParticipantRemovalService } from '../../src/admin/people/participant-removal.service';
import { ProgramsService } from '../../src/programs/programs.service';
import { makeRelayAddress } from '../../src/programs/relay-address';
import { TestEnv } from '../support/test-env';
import { robotToken, StaffClient } from './staff-client';

jest.setTimeout(60_000);

const STAFF = 'screening-staff@example.org';
const ROBOT = 'screening-robot@example.org';

/**
 * Staff record and clear a mentor's background check and training, on the participant page and
 * through the API. Clearing one where the programme asks for screening takes the person out of
 * what a mentor does now (their pairs as the mentor paused, the circles they lead and their rooms
 * left) and nothing else; where it does not ask, it changes no placement. Each step is audited.
 */
describe('screening in the admin: record and clear a check', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let staff: StaffClient;
  let token: string;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    staff = await StaffClient.loggedIn(running.app, running.httpUrl!, STAFF);
    token = await robotToken(running.app, ROBOT);
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const programs = () => running.app.get(ProgramsService);
  /** A pairing, circle or room with members on the sides given, straight in the table (no gate). */
  const insert = (
    programme: Programme,
    kind: Pairing['kind'],
    members: [Participant, 'mentor' | 'mentee'][],
  ) =>
    running.app.get(ProgramsRepository).insertPairing(
      {
        programmeId: programme.id,
        kind,
        name: kind === 'pair' ? null : `${kind} ${randomBytes(2).toString('hex')}`,
        topic: kind === 'room' ? `topic ${randomBytes(2).toString('hex')}` : null,
        relayAddress: makeRelayAddress(programme.slug, running.app.get(AppConfig).env.RELAY_DOMAIN),
      },
      members.map(([p, role]) => ({ participantId: p.id, role })),
    );
  const person = (programme: Programme, name: string, role: 'mentor' | 'mentee') =>
    programs().addParticipant(programme.id, {
      name,
      email: `${name.split(' ')[0].toLowerCase()}.${randomBytes(3).toString('hex')}@example.org`,
      role,
    });
  const status = async (id: string) =>
    ((await db.query(`SELECT status FROM pairings WHERE id = $1`, [id])) as { status: string }[])[0].status;
  const leftAt = async (pairingId: string, participantId: string) =>
    (
      (await db.query(`SELECT left_at FROM pairing_members WHERE pairing_id = $1 AND participant_id = $2`, [
        pairingId,
        participantId,
      ])) as { left_at: Date | null }[]
    )[0].left_at;
  const screening = async (id: string) =>
    (
      (await db.query(
        `SELECT background_checked_at, trained_at, screening_cleared_at FROM participants WHERE id = $1`,
        [id],
      )) as {
        background_checked_at: Date | null;
        trained_at: Date | null;
        screening_cleared_at: Date | null;
      }[]
    )[0];
  const audit = async (participantId: string) =>
    (await db.query(
      `SELECT a.action, a.detail, u.email FROM staff_audit a LEFT JOIN staff_users u ON u.id = a.staff_id
        WHERE a.participant_id = $1 ORDER BY a.id`,
      [participantId],
    )) as { action: string; detail: string; email: string | null }[];
  const form = async (participantId: string, fields: Record<string, string>) => {
    const csrf = await staff.csrf(`/admin/participants/${participantId}`);
    return staff.post(`/admin/participants/${participantId}/screening`, { _csrf: csrf, ...fields });
  };
  const notice = (res: Response) =>
    decodeURIComponent(/[?&]notice=([^&]*)/.exec(res.headers.get('location') ?? '')?.[1] ?? '');
  const text = (html: string) =>
    html
      .replace(/<[^<>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/&#39;/g, "'");
  const api = (id: string, body: unknown, auth = true) =>
    fetch(`${running.httpUrl}/api/participants/${id}/screening`, {
      method: 'POST',
      headers: { ...(auth ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('in a youth programme, clearing pauses their pairs as the mentor and takes them out of circles they lead and rooms', async () => {
    const youth = await programs().createProgramme(`Young Voices ${randomBytes(3).toString('hex')}`);
    const mentor = await person(youth, 'Maya Mentor', 'mentor');
    const mentee = await person(youth, 'Tia Mentee', 'mentee');
    const senior = await person(youth, 'Sam Senior', 'mentor');
    const member = await person(youth, 'Cal Member', 'mentee');
    const asMentor = await insert(youth, 'pair', [
      [mentor, 'mentor'],
      [mentee, 'mentee'],
    ]);
    // She is mentored too (she said "either"): that pair is not hers to lead, so it stays.
    const asMentee = await insert(youth, 'pair', [
      [senior, 'mentor'],
      [mentor, 'mentee'],
    ]);
    const alreadyPaused = await insert(youth, 'pair', [
      [mentor, 'mentor'],
      [member, 'mentee'],
    ]);
    await db.query(`UPDATE pairings SET status = 'paused' WHERE id = $1`, [alreadyPaused.id]);
    const led = await insert(youth, 'circle', [
      [mentor, 'mentor'],
      [member, 'mentee'],
    ]);
    const joined = await insert(youth, 'circle', [
      [senior, 'mentor'],
      [mentor, 'mentee'],
    ]);
    const room = await insert(youth, 'room', []);
    await programs().joinRoom(room.id, mentor);
    // Placed first, then the programme becomes a youth one: no gate stands in the setup's way.
    await db.query(`UPDATE programmes SET consent_age = 16 WHERE id = $1`, [youth.id]);

    const page = text(await (await staff.get(`/admin/participants/${mentor.id}`)).text());
    expect(page).toContain('This programme asks for screening');
    expect(page).toContain('Background check (DBS or the like) Not recorded.');
    expect(page).toContain('Safeguarding training Not recorded.');

    for (const check of ['background', 'training']) {
      const res = await form(mentor.id, { check, action: 'record' });
      expect(res.status).toBe(303);
      expect(notice(res)).toMatch(/recorded\.$/);
    }
    const recorded = await screening(mentor.id);
    expect(recorded.background_checked_at).not.toBeNull();
    expect(recorded.trained_at).not.toBeNull();
    const shown = text(await (await staff.get(`/admin/participants/${mentor.id}`)).text());
    expect(shown).toMatch(
      new RegExp(`Background check \\(DBS or the like\\) Recorded on [0-9-]+ [0-9:]+ by ${STAFF}\\.`),
    );
    expect(shown).toMatch(new RegExp(`Safeguarding training Recorded on [0-9-]+ [0-9:]+ by ${STAFF}\\.`));
    expect(shown).toContain('pauses their active pairings in which they are the mentor');

    // A bare POST (no confirmation ticked) clears nothing and says why.
    const bare = await form(mentor.id, { check: 'background', action: 'clear' });
    expect(bare.status).toBe(400);
    expect(text(await bare.text())).toContain('Tick the box to confirm clearing the background check.');
    expect((await screening(mentor.id)).background_checked_at).toEqual(recorded.background_checked_at);
    expect(await status(asMentor.id)).toBe('active');

    const cleared = await form(mentor.id, { check: 'background', action: 'clear', confirm: 'yes' });
    expect(cleared.status).toBe(303);
    // The notice's every figure is checked against the rows below.
    expect(notice(cleared)).toBe(
      'Background check cleared. 1 pairing where they are the mentor paused; they left 1 circle they lead ' +
        'and 1 topic room. Recording it again resumes none of them.',
    );
    const after = await screening(mentor.id);
    expect(after.background_checked_at).toBeNull();
    expect(after.trained_at).toEqual(recorded.trained_at);
    expect(after.screening_cleared_at).not.toBeNull();
    expect(await status(asMentor.id)).toBe('paused');
    expect(await status(asMentee.id)).toBe('active');
    expect(await status(alreadyPaused.id)).toBe('paused');
    // The pair's history says who paused it and why; the pair already paused gains nothing.
    const history = `SELECT a.action, a.note, a.participant_id, a.created_at, u.email FROM pairing_actions a
                       LEFT JOIN staff_users u ON u.id = a.staff_id WHERE a.pairing_id = $1`;
    expect(await db.query(history, [asMentor.id])).toEqual([
      {
        action: 'pause',
        note: "Maya Mentor's background check was cleared",
        participant_id: mentor.id,
        created_at: after.screening_cleared_at,
        email: STAFF,
      },
    ]);
    expect(await db.query(history, [alreadyPaused.id])).toEqual([]);
    expect(await db.query(history, [asMentee.id])).toEqual([]);
    expect(await leftAt(led.id, mentor.id)).toEqual(after.screening_cleared_at);
    expect(await leftAt(room.id, mentor.id)).toEqual(after.screening_cleared_at);
    expect(await leftAt(joined.id, mentor.id)).toBeNull();
    expect(await leftAt(led.id, member.id)).toBeNull();
    expect(await leftAt(asMentee.id, mentor.id)).toBeNull();

    // Cleared again: nothing stood to clear, so nothing more is done or audited.
    const again = await form(mentor.id, { check: 'background', action: 'clear', confirm: 'yes' });
    expect(notice(again)).toBe('The background check was not recorded: nothing changed.');
    expect(await audit(mentor.id)).toEqual([
      { action: 'screening_recorded', detail: 'background check', email: STAFF },
      { action: 'screening_recorded', detail: 'training', email: STAFF },
      { action: 'screening_cleared', detail: 'background check', email: STAFF },
    ]);
    const now = text(await (await staff.get(`/admin/participants/${mentor.id}`)).text());
    expect(now).toContain('Background check (DBS or the like) Not recorded.');
    expect(now).toMatch(/A check was last cleared on [0-9-]+ [0-9:]+\./);
  });

  it('where the programme does not ask for screening, clearing changes no pairing, circle or room', async () => {
    const adults = await programs().createProgramme(`Career Switch ${randomBytes(3).toString('hex')}`);
    // A youth programme whose staff turned screening off is the same.
    const optedOut = await programs().createProgramme(`Young Makers ${randomBytes(3).toString('hex')}`);
    await db.query(`UPDATE programmes SET consent_age = 16, screening_required = false WHERE id = $1`, [
      optedOut.id,
    ]);
    for (const programme of [adults, optedOut]) {
      const mentor = await person(programme, 'Omar Mentor', 'mentor');
      const pair = await insert(programme, 'pair', [
        [mentor, 'mentor'],
        [await person(programme, 'Ivy Mentee', 'mentee'), 'mentee'],
      ]);
      const led = await insert(programme, 'circle', [[mentor, 'mentor']]);
      expect(text(await (await staff.get(`/admin/participants/${mentor.id}`)).text())).toContain(
        'This programme does not ask for screening',
      );
      expect((await form(mentor.id, { check: 'background', action: 'record' })).status).toBe(303);
      const cleared = await form(mentor.id, { check: 'background', action: 'clear', confirm: 'yes' });
      expect(notice(cleared)).toBe(
        'Background check cleared. This programme does not ask for screening: nothing else changed.',
      );
      expect((await screening(mentor.id)).background_checked_at).toBeNull();
      expect(await status(pair.id)).toBe('active');
      expect(await leftAt(led.id, mentor.id)).toBeNull();
      expect((await audit(mentor.id)).map((a) => a.action)).toEqual([
        'screening_recorded',
        'screening_cleared',
      ]);
    }
  });

  it('POST /api/participants/:id/screening: staff only, validated, answers with the screening state', async () => {
    const youth = await programs().createProgramme(`Young Coders ${randomBytes(3).toString('hex')}`, {
      consentAge: 16,
    });
    const mentor = await person(youth, 'Ana Mentor', 'mentor');

    const anonymous = await api(mentor.id, { check: 'background', recorded: true }, false);
    expect(anonymous.status).toBe(401);
    expect((await screening(mentor.id)).background_checked_at).toBeNull();

    const bad: [unknown, RegExp][] = [
      [{}, /check must be "background" or "training"; recorded must be true or false/],
      [{ check: 'dbs', recorded: true }, /^check must be "background" or "training"$/],
      [{ check: 'training', recorded: 'yes' }, /^recorded must be true or false$/],
      [['background', true], /check must be/],
    ];
    for (const [body, message] of bad) {
      const res = await api(mentor.id, body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    expect((await api('not-a-uuid', { check: 'background', recorded: true })).status).toBe(400);
    expect(
      (await api('00000000-0000-4000-8000-000000000000', { check: 'background', recorded: true })).status,
    ).toBe(404);
    expect(await screening(mentor.id)).toEqual({
      background_checked_at: null,
      trained_at: null,
      screening_cleared_at: null,
    });
    expect(await audit(mentor.id)).toEqual([]);

    const res = await api(mentor.id, { check: 'background', recorded: true });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      required: true,
      background: { recordedAt: expect.any(String), recordedBy: ROBOT },
      training: { recordedAt: null, recordedBy: null },
      clearedAt: null,
      lapsed: false,
      changed: true,
      withdrawn: { pausedPairs: 0, circlesLeft: 0, roomsLeft: 0 },
    });
    const again = (await (await api(mentor.id, { check: 'background', recorded: true })).json()) as {
      changed: boolean;
    };
    expect(again.changed).toBe(false);

    const pair = await insert(youth, 'pair', [
      [mentor, 'mentor'],
      [await person(youth, 'Ben Mentee', 'mentee'), 'mentee'],
    ]);
    const cleared = (await (await api(mentor.id, { check: 'background', recorded: false })).json()) as Record<
      string,
      unknown
    >;
    expect(cleared).toMatchObject({
      required: true,
      background: { recordedAt: null, recordedBy: null },
      clearedAt: expect.any(String),
      changed: true,
      withdrawn: { pausedPairs: 1, circlesLeft: 0, roomsLeft: 0 },
    });
    expect(await status(pair.id)).toBe('paused');
    expect(await audit(mentor.id)).toEqual([
      { action: 'screening_recorded', detail: 'background check', email: ROBOT },
      { action: 'screening_cleared', detail: 'background check', email: ROBOT },
    ]);
  });

  it('removing a participant with their data erases their screening record too', async () => {
    const programme = await programs().createProgramme(`Young Voices ${randomBytes(3).toString('hex')}`);
    const mentor = await person(programme, 'Rae Mentor', 'mentor');
    await db.query(
      `UPDATE participants SET background_checked_at = now(), trained_at = now(), screening_cleared_at = now()
        WHERE id = $1`,
      [mentor.id],
    );
    const [{ id: staffId }] = (await db.query(`SELECT id FROM staff_users WHERE email = $1`, [STAFF])) as {
      id: string;
    }[];
    await running.app.get(ParticipantRemovalService).remove(mentor.id, staffId);
    expect(await screening(mentor.id)).toEqual({
      background_checked_at: null,
      trained_at: null,
      screening_cleared_at: null,
    });
  });
});
