import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { DeskService } from '../../src/desk/desk.service';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { buildEmail } from '../factories/emails';
import { addProfiled } from '../factories/match-people';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine: more than Jest's 5 s default.
jest.setTimeout(90_000);

/**
 * `#join <topic>` by email puts nobody whose guardian's consent is awaited in a room with adults:
 * in a youth programme a minor without consent, or someone whose age is unknown, is refused (the
 * inbound email records why) and joins nothing; a consented minor, an adult, and anyone in a
 * programme with no consent age join as before. A mentor joins such a programme's rooms once staff
 * recorded their background check and training.
 */
describe('topic rooms: #join waits for a guardian’s consent', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let youth: Programme;
  let youthRoom: Pairing;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    db = running.app.get(DataSource);
    const tag = randomBytes(3).toString('hex');
    const programs = running.app.get(ProgramsService);
    youth = await programs.createProgramme(`Young Coders ${tag}`, { consentAge: 16 });
    youthRoom = await programs.createRoom(youth, 'Getting into tech', 'tech');
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** Sends `text` from `who` to their desk over SMTP and waits until the pipeline has decided it. */
  async function joinByEmail(who: Participant, text = '#join tech') {
    const to = await running.app.get(DeskService).addressOf(who.id);
    const email = buildEmail({ from: who.email, to, subject: 'Rooms', text });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: who.email,
      to: [to],
      raw: email.raw,
    });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }
  /** Staff recorded their background check and training (the admin's record, written directly). */
  const screen = (p: Participant) =>
    db.query(`UPDATE participants SET background_checked_at = now(), trained_at = now() WHERE id = $1`, [
      p.id,
    ]);
  const isMember = async (roomId: string, p: Participant) =>
    (
      await db.query(
        `SELECT 1 FROM pairing_members WHERE pairing_id = $1 AND participant_id = $2 AND left_at IS NULL`,
        [roomId, p.id],
      )
    ).length === 1;
  const joinedMail = async (p: Participant) =>
    (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === p.email && /^You have joined/.test(m.parsed.subject ?? ''),
    );

  it('a minor whose guardian has not agreed is refused, and joins nothing', async () => {
    const minor = await addProfiled(running.app, youth, 'mentee', {
      name: 'Wren Minor',
      age: 14,
      guardianEmail: 'parent.wren@family.example',
    });
    const row = await joinByEmail(minor);
    expect([row.status, row.reason]).toEqual(['rejected', 'room_join']);
    expect(row.detail).toMatch(/guardian consent awaited/);
    expect(await isMember(youthRoom.id, minor)).toBe(false);
    expect(await joinedMail(minor)).toEqual([]);
    // Told why, and what to do: nothing is promised that the refusal does not keep.
    const told = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m) =>
          toAddress(m.parsed) === minor.email && m.parsed.subject === 'You cannot join Getting into tech yet',
      ),
    );
    expect(told.parsed.text).toContain('needs the agreement of your parent or guardian');
    expect(told.parsed.text).toContain('reply "#join tech" again');
  });

  it('someone whose age is unknown in a youth programme is refused too (the safe side)', async () => {
    const unknown = await addProfiled(running.app, youth, 'mentee', { name: 'Uma Unknown' });
    const row = await joinByEmail(unknown);
    expect([row.status, row.reason]).toEqual(['rejected', 'room_join']);
    expect(await isMember(youthRoom.id, unknown)).toBe(false);
  });

  it('a consented minor and an adult of the youth programme join', async () => {
    const consented = await addProfiled(running.app, youth, 'mentee', {
      name: 'Cal Consented',
      age: 14,
      guardianConsentedAt: new Date(),
    });
    const adult = await addProfiled(running.app, youth, 'mentor', { name: 'Ada Adult', age: 31 });
    await screen(adult);
    for (const p of [consented, adult]) {
      const row = await joinByEmail(p);
      expect([row.status, row.reason, row.detail]).toEqual(['accepted', 'room_join', 'joined tech']);
      expect(await isMember(youthRoom.id, p)).toBe(true);
    }
  });

  it('a mentor whose background check or training is not recorded is refused, and told what comes first', async () => {
    const mentor = await addProfiled(running.app, youth, 'mentor', { name: 'Max Unchecked', age: 40 });
    await db.query(`UPDATE participants SET trained_at = now() WHERE id = $1`, [mentor.id]);
    const row = await joinByEmail(mentor);
    expect([row.status, row.reason, row.detail]).toEqual([
      'rejected',
      'room_join',
      'screening not recorded for tech',
    ]);
    expect(await isMember(youthRoom.id, mentor)).toBe(false);
    const told = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m) =>
          toAddress(m.parsed) === mentor.email &&
          m.parsed.subject === 'You cannot join Getting into tech yet',
      ),
    );
    expect(told.parsed.text).toContain(
      'a mentor joins a topic room once the programme has recorded their background check and safeguarding training',
    );
    expect(told.parsed.text).not.toContain('parent or guardian');
    // Once staff record both, the same command joins.
    await screen(mentor);
    const again = await joinByEmail(mentor);
    expect([again.status, again.detail]).toEqual(['accepted', 'joined tech']);
    expect(await isMember(youthRoom.id, mentor)).toBe(true);
  });

  it('a programme with no consent age is unaffected: no profile, no age, still joins', async () => {
    const tag = randomBytes(3).toString('hex');
    const programs = running.app.get(ProgramsService);
    const adults = await programs.createProgramme(`Career Switchers ${tag}`);
    const room = await programs.createRoom(adults, 'Getting into tech', 'tech');
    const bo = await programs.addParticipant(adults.id, {
      name: 'Bo Switcher',
      email: `bo.${tag}@example.org`,
      role: 'mentee',
    });
    const row = await joinByEmail(bo);
    expect([row.status, row.reason, row.detail]).toEqual(['accepted', 'room_join', 'joined tech']);
    expect(await isMember(room.id, bo)).toBe(true);
  });
});
