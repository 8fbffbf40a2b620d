import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ConversationsService } from '../../src/conversations/conversations.service';
import { Transactor } from '../../src/database/transactor';
import { DigestComposer } from '../../src/digests/digest.composer';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { ComposedEmail } from '../../src/outbound/delivery-composer';
import type { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

/**
 * The weekly digest lists the programme's topic rooms with the line that joins each by reply
 * (or leaves one the reader is in), and the line does what it says: replied to the digest over
 * real SMTP, it joins the room.
 */
describe('topic rooms in the weekly digest: join by reply from the list', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let w: PairingWorld;
  let tech: Pairing;
  let uni: Pairing;
  const clock = new FakeClock(new Date('2025-01-08T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    w = await createPairingWorld(running.app);
    const programs = running.app.get(ProgramsService);
    tech = await programs.createRoom(w.programme, 'Getting into Tech', 'getting into tech');
    uni = await programs.createRoom(w.programme, 'Applying to university', 'university');
    // A closed room is no room to join: the digest leaves it out.
    const closed = await programs.createRoom(w.programme, 'Old room', 'old room');
    await db.query(`UPDATE pairings SET status = 'ended' WHERE id = $1`, [closed.id]);
    await programs.joinRoom(uni.id, w.mentee);
    // The mentor wrote this week: the mentee's digest has something to say (a reply is owed).
    await running.app.get(Transactor).run((tx) =>
      running.app.get(ConversationsService).record(tx, {
        pairingId: w.pairing.id,
        kind: 'relay',
        authorId: w.mentor.id,
        messageId: running.app.get(OutboxService).newMessageId(),
        subject: 'Hello',
        newText: 'How was your week?',
      }),
    );
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const digestOf = async (who: Participant): Promise<ComposedEmail> => {
    const out = await running.app.get(DigestComposer).compose({
      id: randomUUID(),
      kind: 'digest',
      pairingId: w.pairing.id,
      recipientId: who.id,
      toAddress: who.email,
      messageId: `${randomUUID()}@relay.localhost`,
    } as Delivery);
    if ('skip' in out) throw new Error(`digest skipped: ${out.skip}`);
    return out;
  };
  const isMember = async (roomId: string, p: Participant) =>
    (
      await db.query(
        `SELECT 1 FROM pairing_members WHERE pairing_id = $1 AND participant_id = $2 AND left_at IS NULL`,
        [roomId, p.id],
      )
    ).length === 1;

  it('lists the open rooms with the line to join (or leave) each, and the line joins when replied', async () => {
    const digest = await digestOf(w.mentee);
    const text = digest.mail.text!;
    expect(text).toContain('Topic rooms');
    expect(text).toMatch(/Applying to university: you are in it; to leave, reply #leave university/);
    const joinLine = /Getting into Tech: to join, reply (#join [a-z ]+)/.exec(text)?.[1];
    expect(joinLine).toBe('#join getting into tech');
    expect(text).not.toContain('Old room');
    expect(digest.mail.html).toMatch(/<code>#join getting into tech<\/code\s*>/);

    // Replying to the digest with the line as written joins the room.
    expect(await isMember(tech.id, w.mentee)).toBe(false);
    const reply = buildEmail({
      from: w.mentee.email,
      to: digest.mail.replyTo as string,
      subject: `Re: ${digest.mail.subject}`,
      inReplyTo: digest.mail.messageId,
      text: `${joinLine}\n\nThanks!`,
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: w.mentee.email,
      to: [digest.mail.replyTo as string],
      raw: reply.raw,
    });
    const row = await waitFor(async () => {
      const r = await db.getRepository(InboundEmail).findOneBy({ messageId: reply.messageId });
      return r && r.status !== 'received' ? r : null;
    });
    expect([row.status, row.reason]).toEqual(['accepted', 'room_join']);
    expect(await isMember(tech.id, w.mentee)).toBe(true);
    // The next digest says so.
    expect((await digestOf(w.mentee)).mail.text).toContain(
      'Getting into Tech: you are in it; to leave, reply #leave getting into tech',
    );
  });

  it('a programme without rooms has no rooms section', async () => {
    await db.query(`UPDATE pairings SET status = 'ended' WHERE kind = 'room' AND programme_id = $1`, [
      w.programme.id,
    ]);
    expect((await digestOf(w.mentee)).mail.text).not.toContain('Topic rooms');
  });
});
