import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { DeskService } from '../../src/desk/desk.service';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { ProgramsService } from '../../src/programs/programs.service';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { CLOCK } from '../../src/prompts/clock';
import { formatLocal } from '../../src/prompts/schedule/local-time';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { robotToken, StaffClient } from '../admin/staff-client';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { readOutbox, toAddress, type OutboxEmail, bare, icsOf } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine: more than Jest's 5 s default.
jest.setTimeout(90_000);

/**
 * Topic rooms over real SMTP with a fake clock: `#join` and `#leave` by reply to a pairing's
 * relay address and to a desk, a topic that names no room, a room's mail, and a topic call: the
 * invitation with its .ics, yes and no by reply, who is coming, and the day-before reminder.
 */
describe('topic rooms: #join, #leave, a topic call with RSVP by reply and its reminder', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let token: string;
  let w: PairingWorld; // mentor in Berlin, mentee in New York
  let third: Participant; // in the programme, in no pairing: reaches us by their desk only
  let tech: { id: string; relayAddress: string; topic: string };
  // Monday 6 January 2025, 12:00 UTC.
  const clock = new FakeClock(new Date('2025-01-06T12:00:00Z'));
  const callAt = new Date('2025-01-09T17:00:00Z');

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    token = await robotToken(running.app, 'rooms-robot@example.org');
    w = await createPairingWorld(running.app);
    third = await running.app.get(ProgramsService).addParticipant(w.programme.id, {
      name: 'Kai Tokyo',
      email: `kai.${w.programme.slug}@tokyo-mail.example`,
      role: 'mentee',
      timeZone: 'Asia/Tokyo',
    });
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
  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );
  const subjectIs = (re: RegExp) => (m: OutboxEmail) => re.test(m.parsed.subject ?? '');

  /** Sends an email over SMTP from `who` and waits until the pipeline has decided it. */
  async function send(who: Participant, to: string, text: string, replyTo?: OutboxEmail, subject?: string) {
    const email = buildEmail({
      from: who.email,
      to,
      subject: subject ?? (replyTo ? `Re: ${replyTo.parsed.subject}` : 'Rooms'),
      ...(replyTo
        ? { inReplyTo: bare(replyTo.parsed.messageId), references: [bare(replyTo.parsed.messageId)] }
        : {}),
      text,
    });
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
  const deskOf = (p: Participant) => running.app.get(DeskService).addressOf(p.id);
  const isMember = async (roomId: string, p: Participant) =>
    (
      await db.query(
        `SELECT 1 FROM pairing_members WHERE pairing_id = $1 AND participant_id = $2 AND left_at IS NULL`,
        [roomId, p.id],
      )
    ).length === 1;

  it('staff create rooms by API; the topic is what #join takes, once per programme', async () => {
    const created = await api('/api/rooms', { programmeId: w.programme.id, name: 'Getting into Tech!' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Getting into Tech!',
      topic: 'getting into tech',
      members: 0,
    });
    tech = created.body as unknown as typeof tech;
    const uni = await api('/api/rooms', {
      programmeId: w.programme.id,
      name: 'Applying to university',
      topic: 'university',
    });
    expect(uni.body).toMatchObject({ topic: 'university' });
    const again = await api('/api/rooms', { programmeId: w.programme.id, name: 'getting into tech' });
    expect(again.status).toBe(400);
    expect(again.body.message).toContain('already has a room');
  });

  it('#join <topic> to a pairing relay address: a member, told the room’s address; nothing relayed', async () => {
    const row = await send(w.mentee, w.pairing.relayAddress, '#join Getting into tech\n\nthanks!');
    expect([row.status, row.reason]).toEqual(['accepted', 'room_join']);
    expect(await isMember(tech.id, w.mentee)).toBe(true);
    const joined = await mailTo(w.mentee.email, subjectIs(/^You have joined Getting into Tech!/));
    expect(joined.parsed.from?.value[0].address).toBe(await deskOf(w.mentee));
    expect(joined.parsed.text).toContain(`email ${tech.relayAddress}`);
    expect(joined.parsed.text).toContain('reply "#leave getting into tech"');
    expect(await readOutbox(env.outboxDir)).not.toContainEqual(
      expect.objectContaining({ raw: expect.stringContaining('#join Getting into tech') }),
    );
  });

  it('an unknown topic is answered kindly with the programme’s rooms, and joins nothing', async () => {
    const row = await send(w.mentor, w.pairing.relayAddress, '#join tech');
    expect([row.status, row.reason, row.detail]).toEqual(['accepted', 'room_join', 'no room "tech"']);
    const answer = await mailTo(w.mentor.email, subjectIs(/^No topic room called "tech"/));
    expect(answer.parsed.text).toContain('Applying to university: "#join university"');
    expect(answer.parsed.text).toContain('Getting into Tech!: "#join getting into tech"');
    expect(await isMember(tech.id, w.mentor)).toBe(false);
    // The hint works as written: the mentor joins from their own desk address.
    const viaDesk = await send(w.mentor, await deskOf(w.mentor), '#join getting into tech', answer);
    expect([viaDesk.status, viaDesk.reason]).toEqual(['accepted', 'room_join']);
    expect(await isMember(tech.id, w.mentor)).toBe(true);
    await send(third, await deskOf(third), '#join Getting into tech');
    expect(await isMember(tech.id, third)).toBe(true);
  });

  it('mail to the room reaches the other members, each alone in To, with no one’s real address', async () => {
    const row = await send(w.mentee, tech.relayAddress, 'Anyone applied to a bootcamp?');
    expect(row.status).toBe('accepted');
    for (const other of [w.mentor, third]) {
      const copy = await mailTo(other.email, subjectIs(/^Rooms/));
      expect(copy.parsed.from?.value[0]).toEqual({
        name: 'Tom Mentee via Getting into Tech!',
        address: tech.relayAddress,
      });
      expect(copy.parsed.to).toMatchObject({ value: [{ address: other.email }] });
      for (const someone of [w.mentee, w.mentor, third].filter((p) => p !== other))
        expect(copy.raw).not.toContain(someone.email);
    }
  });

  describe('a topic call', () => {
    let callId: string;
    const invitation = subjectIs(/^Getting into Tech! call: .* Will you come\?/);

    it('staff schedule it: every member gets the same .ics, the time in their own zone', async () => {
      const bad = await api(`/api/rooms/${tech.id}/calls`, {
        startsAt: '2025-01-09T17:00:00',
        durationMinutes: 45,
        videoLink: 'https://meet.jit.si/tech',
      });
      expect(bad.status).toBe(400);
      const res = await api(`/api/rooms/${tech.id}/calls`, {
        startsAt: callAt.toISOString(),
        durationMinutes: 45,
        videoLink: 'https://meet.jit.si/northside-tech',
      });
      expect(res.status).toBe(201);
      expect(res.body.invited).toBe(3);
      callId = res.body.id as string;
      const uids = new Set<string>();
      for (const [p, zone] of [
        [w.mentor, 'Europe/Berlin'],
        [w.mentee, 'America/New_York'],
        [third, 'Asia/Tokyo'],
      ] as const) {
        const mail = await mailTo(p.email, invitation);
        expect(mail.parsed.from?.value[0].address).toBe(await deskOf(p));
        expect(mail.parsed.text).toContain(`on ${formatLocal(callAt, zone, 'en')}, your time (${zone})`);
        expect(mail.parsed.text).toContain('https://meet.jit.si/northside-tech');
        const ics = icsOf(mail);
        expect(ics).toMatchObject({
          METHOD: 'REQUEST',
          DTSTART: '20250109T170000Z',
          DURATION: 'PT45M',
          LOCATION: 'https://meet.jit.si/northside-tech',
          ORGANIZER: `mailto:${await deskOf(p)}`,
        });
        expect(ics.UID).not.toContain(callId);
        uids.add(ics.UID);
        // Nobody else's address, in the email or its .ics.
        for (const other of [w.mentor, w.mentee, third].filter((o) => o !== p))
          expect(mail.raw).not.toContain(other.email);
      }
      expect(uids.size).toBe(1);
    });

    it('yes and no by reply are recorded and confirmed; staff see who is coming', async () => {
      const yes = await send(
        w.mentee,
        await deskOf(w.mentee),
        'Yes! See you there',
        await mailTo(w.mentee.email, invitation),
      );
      expect([yes.status, yes.reason, yes.detail]).toEqual(['accepted', 'room_rsvp', 'yes']);
      const confirmed = await mailTo(w.mentee.email, subjectIs(/^See you at the Getting into Tech! call/));
      expect(confirmed.parsed.text).toContain(`${formatLocal(callAt, 'America/New_York', 'en')}, your time`);
      const no = await send(
        w.mentor,
        await deskOf(w.mentor),
        "Sorry, can't make it",
        await mailTo(w.mentor.email, invitation),
      );
      expect([no.status, no.reason, no.detail]).toEqual(['accepted', 'room_rsvp', 'no']);
      await mailTo(w.mentor.email, subjectIs(/^Thanks for letting us know/));
      const unclear = await send(
        third,
        await deskOf(third),
        'what should I prepare?',
        await mailTo(third.email, invitation),
      );
      expect(unclear.detail).toBe('unclear');
      await mailTo(third.email, subjectIs(/^Will you come to the Getting into Tech! call\?/));
      const who = await api(`/api/rooms/${tech.id}/calls/${callId}`);
      expect((who.body.coming as { id: string }[]).map((p) => p.id)).toEqual([w.mentee.id]);
      expect((who.body.notComing as { id: string }[]).map((p) => p.id)).toEqual([w.mentor.id]);
      expect((who.body.noAnswer as { id: string }[]).map((p) => p.id)).toEqual([third.id]);
      // The room's admin page says the same.
      const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'rooms-staff@example.org');
      const page = await staff.get(`/admin/rooms/${tech.id}`);
      const text = await page.text();
      expect(page.status).toBe(200);
      expect(text).toContain('Coming (1): Tom Mentee');
      expect(text).toContain('Not coming (1): Maria Mentor');
      expect(text).toContain('No answer yet (1): Kai Tokyo');
    });

    it('the day before, the tick reminds only those who said yes, once', async () => {
      const tick = running.app.get(ScheduleTickService);
      expect((await tick.tick(clock.set('2025-01-08T16:00:00Z'))).roomCallReminders).toBe(0);
      expect((await tick.tick(clock.set('2025-01-08T17:30:00Z'))).roomCallReminders).toBe(1);
      const reminder = await mailTo(w.mentee.email, subjectIs(/^Tomorrow: Getting into Tech! call/));
      expect(reminder.parsed.text).toContain(formatLocal(callAt, 'America/New_York', 'en'));
      expect(reminder.parsed.text).toContain('https://meet.jit.si/northside-tech');
      expect((await tick.tick(clock.set('2025-01-08T18:30:00Z'))).roomCallReminders).toBe(0);
      const reminders = (await readOutbox(env.outboxDir)).filter((m) =>
        /^Tomorrow:/.test(m.parsed.subject ?? ''),
      );
      expect(reminders.map((m) => toAddress(m.parsed))).toEqual([w.mentee.email]);
    });
  });

  it('#leave <topic> and #leave alone in a reply to the room: removed, confirmed, nothing relayed', async () => {
    const row = await send(w.mentee, w.pairing.relayAddress, '#leave getting into tech');
    expect([row.status, row.reason, row.detail]).toEqual([
      'accepted',
      'room_leave',
      'left getting into tech',
    ]);
    expect(await isMember(tech.id, w.mentee)).toBe(false);
    const left = await mailTo(w.mentee.email, subjectIs(/^You have left Getting into Tech!/));
    expect(left.parsed.text).toContain('reply "#join getting into tech"');
    const alone = await send(third, tech.relayAddress, '#leave');
    expect([alone.status, alone.reason]).toEqual(['accepted', 'room_leave']);
    expect(await isMember(tech.id, third)).toBe(false);
    // Their mail to the room is refused now, as a circle's former member's is.
    const after = await send(w.mentee, tech.relayAddress, 'still here?');
    expect(after.status).toBe('rejected');
    expect(
      await db.query(`SELECT 1 FROM deliveries WHERE kind = 'relay' AND recipient_id = $1`, [w.mentor.id]),
    ).toHaveLength(1);
  });

  it('the programme page lists the rooms and its form creates one', async () => {
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'rooms-form@example.org');
    const csrf = await staff.csrf(`/admin/programmes/${w.programme.id}`);
    const programmePage = await (await staff.get(`/admin/programmes/${w.programme.id}/pairings`)).text();
    expect(programmePage).toContain(`href="/admin/rooms/${tech.id}"`);
    expect(programmePage).toContain('#join getting into tech');
    const created = await staff.post('/admin/rooms', {
      _csrf: csrf,
      programmeId: w.programme.id,
      name: 'Money matters',
      topic: '',
    });
    expect(created.status).toBe(303);
    const page = await (await staff.get(created.headers.get('location')!)).text();
    expect(page).toContain('join with <code>#join money matters</code>');
    // Nobody is in it yet: its mail reaches no one (test/e2e/empty-room.test.ts has the notice).
    const room = (await api(`/api/rooms?programmeId=${w.programme.id}`)).body as unknown as {
      id: string;
      topic: string;
      relayAddress: string;
    }[];
    const empty = room.find((r) => r.topic === 'money matters')!;
    const row = await send(w.mentee, empty.relayAddress, 'Hello, anyone?');
    expect([row.status, row.reason]).toEqual(['rejected', 'room_empty']);
    expect(
      await db.query(`SELECT 1 FROM deliveries WHERE kind = 'relay' AND pairing_id = $1`, [empty.id]),
    ).toEqual([]);
  });

  it('a room has no curriculum: the tick schedules no prompt and sends no welcome for it', async () => {
    const room = await api('/api/rooms', { programmeId: w.programme.id, name: 'Quiet room', topic: 'quiet' });
    const desk = await deskOf(third);
    expect((await send(third, desk, '#join quiet')).status).toBe('accepted');
    expect(await isMember(room.body.id as string, third)).toBe(true);
    await running.app.get(ScheduleTickService).tick(clock.now());
    const [{ n: roomSchedules }] = (await db.query(
      `SELECT count(*)::int AS n FROM schedules s JOIN pairings p ON p.id = s.pairing_id WHERE p.kind = 'room'`,
    )) as { n: number }[];
    const [{ n: roomWelcomes }] = (await db.query(
      `SELECT count(*)::int AS n FROM welcomes w JOIN pairings p ON p.id = w.pairing_id WHERE p.kind = 'room'`,
    )) as { n: number }[];
    expect([roomSchedules, roomWelcomes]).toEqual([0, 0]);
    // Kai is in rooms only: nothing is scheduled for him at all.
    expect(await db.query(`SELECT 1 FROM schedules WHERE participant_id = $1`, [third.id])).toEqual([]);
  });
});
