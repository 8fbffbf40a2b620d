import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { DeskService } from '../../src/desk/desk.service';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { formatLocal } from '../../src/prompts/schedule/local-time';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { RoomsRepository } from '../../src/rooms/rooms.repository';
import { robotToken } from '../admin/staff-client';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { bare, icsOf, readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

/**
 * Staff move or cancel a topic call: everyone in the room gets the updated invitation or the
 * cancellation with the call's UID and a higher SEQUENCE (METHOD:CANCEL for a cancellation); the
 * day-before reminder follows the new time, and a cancelled call is never reminded.
 */
describe('topic calls moved and cancelled by staff', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let token: string;
  let w: PairingWorld; // mentor in Berlin, mentee in New York
  let room: Pairing;
  // Monday 6 January 2025, 12:00 UTC.
  const clock = new FakeClock(new Date('2025-01-06T12:00:00Z'));
  const firstAt = new Date('2025-01-09T17:00:00Z');
  const movedAt = new Date('2025-01-11T15:30:00Z');

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    token = await robotToken(running.app, 'calls-robot@example.org');
    w = await createPairingWorld(running.app);
    const programs = running.app.get(ProgramsService);
    room = await programs.createRoom(w.programme, 'Getting into Tech', 'getting into tech');
    await programs.joinRoom(room.id, w.mentor);
    await programs.joinRoom(room.id, w.mentee);
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const api = async (path: string, body?: unknown) => {
    const res = await fetch(running.httpUrl! + path, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const mails = async (p: Participant, subject: RegExp) =>
    (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === p.email && subject.test(m.parsed.subject ?? ''),
    );
  const mailTo = (p: Participant, subject: RegExp) => waitFor(async () => (await mails(p, subject))[0]);
  const schedule = async (startsAt: Date) => {
    const res = await api(`/api/rooms/${room.id}/calls`, {
      startsAt: startsAt.toISOString(),
      durationMinutes: 45,
      videoLink: 'https://meet.jit.si/northside-tech',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const tick = (at: string) => running.app.get(ScheduleTickService).tick(clock.set(at));

  /** `text` by SMTP from `p` to their desk, as a reply to `to`; the stored inbound row once handled. */
  const replyTo = async (
    p: Participant,
    to: { parsed: { subject?: string; messageId?: string } },
    text: string,
  ) => {
    const desk = await running.app.get(DeskService).addressOf(p.id);
    const email = buildEmail({
      from: p.email,
      to: desk,
      subject: `Re: ${to.parsed.subject}`,
      inReplyTo: bare(to.parsed.messageId),
      text,
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: p.email,
      to: [desk],
      raw: email.raw,
    });
    return waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return r && r.status !== 'received' ? r : null;
    });
  };
  const answers = async (callId: string) =>
    (await db.query(`SELECT participant_id, answer FROM room_call_rsvps WHERE call_id = $1`, [callId])) as {
      participant_id: string;
      answer: string;
    }[];

  it('a moved call: the same UID at SEQUENCE 1 and the new time; answers are asked again and the reminder follows them', async () => {
    const callId = await schedule(firstAt);
    const invitation = await mailTo(w.mentee, /^Getting into Tech call: .* Will you come\?/);
    const first = icsOf(invitation);
    expect(first).toMatchObject({ METHOD: 'REQUEST', SEQUENCE: '0', DTSTART: '20250109T170000Z' });
    expect((await replyTo(w.mentee, invitation, 'Yes')).detail).toBe('yes');
    expect(await answers(callId)).toEqual([{ participant_id: w.mentee.id, answer: 'yes' }]);

    const bad = await api(`/api/rooms/${room.id}/calls/${callId}/move`, { startsAt: '2025-01-11T15:30:00' });
    expect(bad.status).toBe(400);
    const moved = await api(`/api/rooms/${room.id}/calls/${callId}/move`, {
      startsAt: movedAt.toISOString(),
      durationMinutes: 60,
    });
    expect(moved.status).toBe(201);
    expect(moved.body).toMatchObject({ told: 2, sequence: 1, durationMinutes: 60 });
    for (const [p, zone] of [
      [w.mentor, 'Europe/Berlin'],
      [w.mentee, 'America/New_York'],
    ] as const) {
      const update = await mailTo(p, /^New time: Getting into Tech call/);
      expect(update.parsed.text).toContain(`it is now on ${formatLocal(movedAt, zone, 'en')}, your time`);
      expect(update.parsed.text).toContain('Any answer you gave for the old time no longer counts');
      expect(icsOf(update)).toMatchObject({
        METHOD: 'REQUEST',
        UID: first.UID,
        SEQUENCE: '1',
        DTSTART: '20250111T153000Z',
        DURATION: 'PT60M',
      });
    }
    // The yes was to the old time: the mentee is back to "no answer" for staff.
    const who = await api(`/api/rooms/${room.id}/calls/${callId}`);
    expect((who.body.coming as unknown[]).length).toBe(0);
    expect((who.body.noAnswer as { id: string }[]).map((p) => p.id).sort()).toEqual(
      [w.mentor.id, w.mentee.id].sort(),
    );
    // A day before the old time: nothing. A day before the new one: nobody said yes to it, nobody is reminded.
    expect((await tick('2025-01-08T17:30:00Z')).roomCallReminders).toBe(0);
    expect((await tick('2025-01-10T16:00:00Z')).roomCallReminders).toBe(0);
    expect(await mails(w.mentee, /^Tomorrow:/)).toHaveLength(0);

    // Moved again to a later day. A yes to the first update (an old time now) is not counted and is
    // answered with the new time; a yes to the latest update counts and brings its reminder.
    const newest = new Date('2025-01-14T15:30:00Z');
    const again = await api(`/api/rooms/${room.id}/calls/${callId}/move`, { startsAt: newest.toISOString() });
    expect(again.body).toMatchObject({ sequence: 2, durationMinutes: 60 });
    const updates = await waitFor(async () => {
      const r = await mails(w.mentee, /^New time: Getting into Tech call/);
      return r.length === 2 ? r : null;
    });
    const [older, latest] = updates.sort((a, b) => Number(icsOf(a).SEQUENCE) - Number(icsOf(b).SEQUENCE));
    expect(icsOf(latest)).toMatchObject({ UID: first.UID, SEQUENCE: '2', DTSTART: '20250114T153000Z' });
    const stale = await replyTo(w.mentee, older, 'yes');
    expect([stale.status, stale.detail]).toEqual(['rejected', 'the call has moved since']);
    const told = await mailTo(w.mentee, /^The Getting into Tech call has a new time/);
    expect(told.parsed.text).toContain('your answer was not counted');
    expect(told.parsed.text).toContain(formatLocal(newest, 'America/New_York', 'en'));
    expect(await answers(callId)).toEqual([]);
    expect((await tick('2025-01-11T16:00:00Z')).roomCallReminders).toBe(0);

    expect((await replyTo(w.mentee, latest, 'yes')).detail).toBe('yes');
    expect(await answers(callId)).toEqual([{ participant_id: w.mentee.id, answer: 'yes' }]);
    expect((await tick('2025-01-13T16:00:00Z')).roomCallReminders).toBe(1);
    const reminder = await mailTo(w.mentee, /^Tomorrow: Getting into Tech call/);
    expect(reminder.parsed.text).toContain(formatLocal(newest, 'America/New_York', 'en'));
    expect(await mails(w.mentor, /^Tomorrow:/)).toHaveLength(0);
  });

  it('a cancelled call: METHOD:CANCEL of the same UID at a higher SEQUENCE, no reminder, and a late yes changes nothing', async () => {
    clock.set('2025-01-15T12:00:00Z');
    const callId = await schedule(new Date('2025-01-20T17:00:00Z'));
    const invitation = await mailTo(w.mentor, /^Getting into Tech call: Monday, January 20/);
    const uid = icsOf(invitation).UID;
    await running.app.get(RoomsRepository).answer(callId, w.mentor.id, 'yes', clock.now());

    const cancelled = await api(`/api/rooms/${room.id}/calls/${callId}/cancel`, {});
    expect(cancelled.status).toBe(201);
    expect(cancelled.body.told).toBe(2);
    for (const p of [w.mentor, w.mentee]) {
      const notice = await mailTo(p, /^Cancelled: Getting into Tech call/);
      expect(notice.parsed.text).toContain('will not take place');
      expect(icsOf(notice)).toMatchObject({ METHOD: 'CANCEL', STATUS: 'CANCELLED', UID: uid, SEQUENCE: '1' });
    }
    expect((await api(`/api/rooms/${room.id}/calls/${callId}/cancel`, {})).status).toBe(400);
    expect(
      (await api(`/api/rooms/${room.id}/calls/${callId}/move`, { startsAt: '2025-01-22T17:00:00Z' })).status,
    ).toBe(400);
    expect((await tick('2025-01-19T18:00:00Z')).roomCallReminders).toBe(0);

    // A "yes" to the old invitation, over SMTP to the desk it came from: no answer recorded.
    const desk = await running.app.get(DeskService).addressOf(w.mentee.id);
    const reply = buildEmail({
      from: w.mentee.email,
      to: desk,
      subject: `Re: ${invitation.parsed.subject}`,
      inReplyTo: bare(
        (await mailTo(w.mentee, /^Getting into Tech call: Monday, January 20/)).parsed.messageId,
      ),
      text: 'yes',
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: w.mentee.email,
      to: [desk],
      raw: reply.raw,
    });
    const row = await waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneBy({ messageId: reply.messageId });
      return r && r.status !== 'received' ? r : null;
    });
    expect(row.detail).toBe('the call was cancelled');
    const answers: unknown[] = await db.query(
      `SELECT 1 FROM room_call_rsvps WHERE call_id = $1 AND participant_id = $2`,
      [callId, w.mentee.id],
    );
    expect(answers).toHaveLength(0);
  });

  it('a late joiner is invited to the calls still to come (at their current version), once', async () => {
    clock.set('2025-01-21T12:00:00Z');
    const callId = await schedule(new Date('2025-01-24T17:00:00Z'));
    await api(`/api/rooms/${room.id}/calls/${callId}/move`, { startsAt: '2025-01-25T17:00:00Z' });
    const uid = icsOf(await mailTo(w.mentor, /^New time: Getting into Tech call, Saturday, January 25/)).UID;
    const late = await running.app.get(ProgramsService).addParticipant(w.programme.id, {
      name: 'Lee Late',
      email: `lee.${w.programme.slug}@late.example`,
      role: 'mentee',
      timeZone: 'Europe/London',
    });
    const desk = await running.app.get(DeskService).addressOf(late.id);
    const join = async (text: string) => {
      const email = buildEmail({ from: late.email, to: desk, subject: 'Rooms', text });
      await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
        from: late.email,
        to: [desk],
        raw: email.raw,
      });
      return waitFor(async () => {
        const r = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
        return r && r.status !== 'received' ? r : null;
      });
    };
    expect((await join('#join getting into tech')).detail).toBe('joined getting into tech');
    const invitation = await mailTo(late, /^Getting into Tech call: .* Will you come\?/);
    expect(icsOf(invitation)).toMatchObject({
      METHOD: 'REQUEST',
      UID: uid,
      SEQUENCE: '1',
      DTSTART: '20250125T170000Z',
    });
    expect(invitation.parsed.text).toContain(
      formatLocal(new Date('2025-01-25T17:00:00Z'), 'Europe/London', 'en'),
    );
    // Past calls and the cancelled one are not offered; a leave and a rejoin invite nobody twice.
    await join('#leave getting into tech');
    expect((await join('#join getting into tech')).detail).toBe('joined getting into tech');
    await mailTo(late, /^You have joined Getting into Tech/);
    const invitations = await waitFor(async () => {
      const all = await readOutbox(env.outboxDir);
      const joins = all.filter(
        (m) => toAddress(m.parsed) === late.email && /^You have joined/.test(m.parsed.subject ?? ''),
      );
      return joins.length === 2 ? all : null;
    });
    expect(
      invitations.filter((m) => toAddress(m.parsed) === late.email && /call/.test(m.parsed.subject ?? '')),
    ).toHaveLength(1);
    // They answer like anyone invited: staff see them.
    await running.app.get(RoomsRepository).answer(callId, late.id, 'yes', clock.now());
    const who = await api(`/api/rooms/${room.id}/calls/${callId}`);
    expect((who.body.coming as { id: string }[]).map((p) => p.id)).toEqual([late.id]);
  });
});
