import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { parseSesEventNotification } from '../../src/inbound/ses/ses-events';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { DeliveryEvent } from '../../src/outbound/entities/delivery-event.entity';
import { FeedbackRepository } from '../../src/outbound/feedback/feedback.repository';
import { FeedbackService } from '../../src/outbound/feedback/feedback.service';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { Participant } from '../../src/programs/entities/participant.entity';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import {
  buildSesBounceEvent,
  buildSesComplaintEvent,
  buildSesDeliveryEvent,
  buildSesRejectEvent,
} from '../factories/sns-signer';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { mockSes } from './support/ses-mock';
import { sendAs } from './support/outbound-world';

type Json = Record<string, unknown>;

/** A fixture event made current (rates look at the last 30 days). */
function now(event: Json, key: string): string {
  (event[key] as Json).timestamp = new Date().toISOString();
  return JSON.stringify(event);
}

describe('feedback: SES events and DSNs, suppression, rates', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;
  let feedback: FeedbackService;
  const ses = mockSes(() => undefined);

  const relay = async (text: string): Promise<Delivery> => {
    await sendAs(running.app, world, 'mentee', text);
    return waitFor(async () => {
      const rows = (await db.query(
        `SELECT d.id FROM deliveries d JOIN messages m ON m.id = d.source_message_id
         WHERE m.new_text = $1 AND d.status NOT IN ('queued', 'sending')`,
        [text],
      )) as { id: string }[];
      return rows[0] ? db.getRepository(Delivery).findOneByOrFail({ id: rows[0].id }) : null;
    });
  };

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({
      ROLES: 'worker',
      MAIL_TRANSPORT: 'ses',
      AWS_REGION: 'us-east-1',
      SES_MAX_SEND_RATE: '100',
    });
    world = await createPairingWorld(running.app);
    db = running.app.get(DataSource);
    feedback = running.app.get(FeedbackService);
  }, 60_000);

  afterAll(async () => {
    ses.mock.restore();
    await env.destroy();
  }, 60_000);

  it('records each event once, scores soft bounces, suppresses, and lifts', async () => {
    const first = await relay('First message.');
    expect(first.status).toBe('sent');
    const mentor = world.mentor.email;
    const soft = (messageId: string) =>
      parseSesEventNotification(
        now(
          buildSesBounceEvent({
            messageId,
            recipients: [mentor],
            bounceType: 'Transient',
            bounceSubType: 'MailboxFull',
          }),
          'bounce',
        ),
      );
    // SNS delivers the same notification twice: one event.
    expect(await feedback.recordSesEvents(soft(first.transportId!))).toMatchObject({
      recorded: 1,
      duplicates: 0,
    });
    expect(await feedback.recordSesEvents(soft(first.transportId!))).toMatchObject({
      recorded: 0,
      duplicates: 1,
    });
    const event = await db.getRepository(DeliveryEvent).findOneByOrFail({ messageRef: first.transportId! });
    expect(event).toMatchObject({ deliveryId: first.id, programmeId: world.programme.id, score: 1 });
    // Soft bounces add up: 4 points within 30 days suppress.
    expect((await feedback.recordSesEvents(soft('other-1'))).suppressed).toEqual([]);
    expect((await feedback.recordSesEvents(soft('other-2'))).suppressed).toEqual([]);
    expect((await feedback.recordSesEvents(soft('other-3'))).suppressed).toEqual([mentor]);

    // Suppressed: the next relay is recorded as such and never reaches SES.
    const callsBefore = ses.calls.length;
    const blocked = await relay('Second message.');
    expect(blocked).toMatchObject({ status: 'suppressed', reason: 'address suppressed', transportId: null });
    expect(ses.calls.length).toBe(callsBefore);

    // Staff lift it; sending resumes and the old score no longer counts.
    const suppressions = running.app.get(SuppressionService);
    expect(await suppressions.lift(mentor)).toBe(true);
    expect((await relay('Third message.')).status).toBe('sent');
    expect((await feedback.recordSesEvents(soft('other-4'))).suppressed).toEqual([]);
  });

  it('suppresses at once on a permanent bounce, for SES events and for DSNs at the return path of our delivery', async () => {
    const mentee = world.mentee.email;
    const hard = buildSesBounceEvent({
      messageId: 'perm-1',
      recipients: [mentee],
      bounceType: 'Permanent',
      bounceSubType: 'General',
    });
    expect(
      (await feedback.recordSesEvents(parseSesEventNotification(now(hard, 'bounce')))).suppressed,
    ).toEqual([mentee]);
    expect(await running.app.get(SuppressionService).isSuppressed(mentee.toUpperCase())).toBe(true);

    const sent = await db
      .getRepository(Delivery)
      .findOneByOrFail({ status: 'sent', toAddress: world.mentor.email });
    // A DSN counts only at the delivery's own return path, and then for that delivery's recipient.
    const dsn = {
      recipients: [
        { finalRecipient: world.mentor.email, action: 'failed' as const, status: '5.1.1', permanent: true },
      ],
    };
    const at = { deliveryId: sent.id, token: sent.bounceToken };
    expect((await feedback.recordDsn(dsn, at)).suppressed).toEqual([world.mentor.email]);
    expect((await feedback.recordDsn(dsn, at)).duplicates).toBe(1);
    // A wrong token is nobody's return path: nothing is recorded (anyone can mail us a DSN).
    const forged = { deliveryId: sent.id, token: 'f'.repeat(sent.bounceToken.length) };
    expect(await feedback.recordDsn(dsn, forged)).toMatchObject({ recorded: 0, suppressed: [] });
  });

  it('stops prompts on a complaint, fails a rejected delivery, and reports rates per programme', async () => {
    const delivered = await db
      .getRepository(Delivery)
      .findOneByOrFail({ status: 'sent', toAddress: world.mentor.email });
    await feedback.recordSesEvents(
      parseSesEventNotification(
        JSON.stringify(
          buildSesDeliveryEvent({ messageId: delivered.transportId!, recipients: [world.mentor.email] }),
        ),
      ),
    );
    const complaint = buildSesComplaintEvent({
      messageId: delivered.transportId!,
      recipients: [world.mentor.email],
    });
    const outcome = await feedback.recordSesEvents(parseSesEventNotification(now(complaint, 'complaint')));
    expect(outcome.promptsStopped).toEqual([world.mentor.email]);
    const mentor = await db.getRepository(Participant).findOneByOrFail({ id: world.mentor.id });
    expect(mentor.promptsStoppedAt).toBeInstanceOf(Date);
    const mentee = await db.getRepository(Participant).findOneByOrFail({ id: world.mentee.id });
    expect(mentee.promptsStoppedAt).toBeNull();

    const reject = buildSesRejectEvent({
      messageId: delivered.transportId!,
      recipients: [world.mentor.email],
    });
    await feedback.recordSesEvents(parseSesEventNotification(JSON.stringify(reject)));
    expect((await db.getRepository(Delivery).findOneByOrFail({ id: delivered.id })).status).toBe('failed');

    const rates = await running.app.get(FeedbackRepository).ratesByProgramme();
    const mine = rates.find((r) => r.programmeId === world.programme.id)!;
    const sent = await db.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE transport_id IS NOT NULL AND recipient_id IN ($1, $2)`,
      [world.mentor.id, world.mentee.id],
    );
    expect(mine.sent).toBe((sent as { n: number }[])[0].n);
    expect(mine.bounces).toBeGreaterThanOrEqual(2);
    expect(mine.complaints).toBe(1);
    expect(mine.bounceRate).toBeCloseTo(mine.bounces / mine.sent);
    expect(mine.complaintRate).toBeCloseTo(1 / mine.sent);
  });
});
