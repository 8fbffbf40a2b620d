import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { DeskService } from '../../src/desk/desk.service';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { bare, readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

/**
 * Mail to a topic room nobody (else) is in, over real SMTP: taken at RCPT like any room's, then
 * recorded as `room_empty` with its reason, never relayed, and its writer told that nobody is
 * in the room yet and how people join, once a day per address like every notice. The notice's
 * "#join <topic>" works as a reply to it.
 */
describe('mail to an empty topic room', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let w: PairingWorld;
  let kai: Participant; // in the programme, in no pairing
  let room: Pairing;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    w = await createPairingWorld(running.app);
    const programs = running.app.get(ProgramsService);
    kai = await programs.addParticipant(w.programme.id, {
      name: 'Kai Tokyo',
      email: `kai.${w.programme.slug}@tokyo-mail.example`,
      role: 'mentee',
      timeZone: 'Asia/Tokyo',
    });
    room = await programs.createRoom(w.programme, 'Money matters', 'money matters');
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** Sends over SMTP (the server's 250 means RCPT and DATA were taken) and waits for the decision. */
  async function send(from: string, to: string, text: string, replyTo?: OutboxEmail) {
    const email = buildEmail({
      from,
      to,
      subject: replyTo ? `Re: ${replyTo.parsed.subject}` : 'Hello, anyone?',
      ...(replyTo
        ? { inReplyTo: bare(replyTo.parsed.messageId), references: [bare(replyTo.parsed.messageId)] }
        : {}),
      text,
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, { from, to: [to], raw: email.raw });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }
  const notices = async (to: string) =>
    (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === to && /yet$/.test(m.parsed.subject ?? ''),
    );
  const relays = async () =>
    (
      await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE kind = 'relay' AND pairing_id = $1`, [
        room.id,
      ])
    )[0].n as number;
  const isMember = async (p: Participant) =>
    (
      await db.query(
        `SELECT 1 FROM pairing_members WHERE pairing_id = $1 AND participant_id = $2 AND left_at IS NULL`,
        [room.id, p.id],
      )
    ).length === 1;

  it('nobody in it: recorded as room_empty, nothing relayed, the writer told how people join', async () => {
    const row = await send(w.mentee.email, room.relayAddress, 'Is anyone saving for university?');
    expect([row.status, row.reason, row.detail]).toEqual([
      'rejected',
      'room_empty',
      'nobody is in the room yet',
    ]);
    expect(row.pairingId).toBe(room.id);
    expect(await relays()).toBe(0);

    const [notice] = await waitFor(async () => {
      const found = await notices(w.mentee.email);
      return found.length ? found : null;
    });
    expect(notice.parsed.subject).toBe('Nobody is in Money matters yet');
    // The subject is quoted back only when the mail authenticated (here: a trusted local client).
    expect(notice.parsed.text).toContain('" to the topic room Money matters reached no one');
    expect(notice.parsed.text).toContain('nobody has joined it yet');
    expect(notice.parsed.text).toContain('Anyone in');
    expect(notice.parsed.text).toContain('joins by replying "#join money matters" to any MentorMail email');
    expect(notice.parsed.text).toContain('reply to this email with "#join money matters"');
    // Nobody else's address, in any header or the body.
    for (const other of [w.mentor, kai]) expect(notice.raw).not.toContain(other.email);

    // Again the same day: recorded the same way, and no second notice (one per address and day).
    const again = await send(w.mentee.email, room.relayAddress, 'Hello?');
    expect([again.status, again.reason]).toEqual(['rejected', 'room_empty']);
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE kind = 'notice' AND to_address = $1
          AND payload->>'reason' = 'room_empty'`,
      [w.mentee.email],
    )) as { n: number }[];
    expect(n).toBe(1);

    // The notice's promise: replying to it with "#join money matters" joins the room.
    const join = await send(
      w.mentee.email,
      notice.parsed.from!.value[0].address!,
      '#join money matters',
      notice,
    );
    expect([join.status, join.reason]).toEqual(['accepted', 'room_join']);
    expect(await isMember(w.mentee)).toBe(true);
  });

  it('only the writer in it: room_empty too, told nobody else is in it; a stranger is an unknown sender', async () => {
    // Kai joins by his desk and is then its second member; first, alone in a room of his own.
    const solo = await running.app.get(ProgramsService).createRoom(w.programme, 'Night study', 'night study');
    await running.app.get(ProgramsService).joinRoom(solo.id, kai);
    const row = await send(kai.email, solo.relayAddress, 'Who else studies at night?');
    expect([row.status, row.reason, row.detail]).toEqual([
      'rejected',
      'room_empty',
      'the writer is the only member of the room',
    ]);
    const [notice] = await waitFor(async () => {
      const found = await notices(kai.email);
      return found.length ? found : null;
    });
    expect(notice.parsed.subject).toBe('Nobody else is in Night study yet');
    expect(notice.parsed.text).toContain('you are its only member so far');
    expect(notice.parsed.text).not.toContain('That includes you');

    // Someone outside the programme writing to an empty room is an unknown sender, as anywhere,
    // and is told nothing about the room.
    const quiet = await running.app
      .get(ProgramsService)
      .createRoom(w.programme, 'Quiet corner', 'quiet corner');
    const stranger = await send('someone@elsewhere.example', quiet.relayAddress, 'hi');
    expect([stranger.status, stranger.reason]).toEqual(['rejected', 'unknown_sender']);
    expect(await notices('someone@elsewhere.example')).toEqual([]);
  });

  it('once someone else joins, the same mail reaches them', async () => {
    const desk = await running.app.get(DeskService).addressOf(kai.id);
    expect((await send(kai.email, desk, '#join money matters')).reason).toBe('room_join');
    const row = await send(w.mentee.email, room.relayAddress, 'Now there are two of us');
    expect([row.status, row.reason]).toEqual(['accepted', 'relayed']);
    expect(await relays()).toBe(1);
  });
});
