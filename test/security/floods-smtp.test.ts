import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { IntakeService } from '../../src/inbound/intake.service';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { StaffClient } from '../admin/staff-client';
import { SmtpTestClient, type SmtpReply } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/** Issue #11: one member's flood and two auto-responders answering each other, over real SMTP. */
describe('floods and loops over SMTP', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** The final reply of one SMTP transaction: RCPT's when it refused, else DATA's. */
  const send = async (from: string, to: string, raw: string): Promise<SmtpReply> => {
    const { rcpt, data } = await SmtpTestClient.sendOnce(port, { from, to: [to], raw });
    return data ?? rcpt[0];
  };

  const rows = (sql: string, values: unknown[]) =>
    db.query(sql, values) as Promise<Record<string, unknown>[]>;

  /** Simulated time: every email stored so far was received `minutes` earlier. */
  const age = (minutes: number) =>
    db.query(`UPDATE inbound_emails SET received_at = received_at - make_interval(mins => $1)`, [minutes]);

  it('accepts exactly the sender limit of 100 fast emails, answers 451 to the rest, and takes them later', async () => {
    const world: PairingWorld = await createPairingWorld(running.app);
    const limit = world.programme.senderLimit;
    expect(limit).toBe(30);
    const emails = Array.from({ length: 100 }, (_, i) =>
      buildEmail({
        from: world.mentee.email,
        to: world.pairing.relayAddress,
        subject: `Flood ${i}`,
        text: `Message number ${i} of the flood.`,
      }),
    );
    // Five connections at once, as a sending server would open them: the count is exact anyway.
    const replies: SmtpReply[] = new Array(emails.length);
    await Promise.all(
      [0, 1, 2, 3, 4].map(async (lane) => {
        for (let i = lane; i < emails.length; i += 5)
          replies[i] = await send(world.mentee.email, world.pairing.relayAddress, emails[i].raw);
      }),
    );
    const accepted = replies.flatMap((r, i) => (r.code === 250 ? [i] : []));
    const refused = replies.flatMap((r, i) => (r.code === 451 ? [i] : []));
    expect(accepted).toHaveLength(limit);
    expect(refused).toHaveLength(100 - limit);
    expect(replies[refused[0]].text).toMatch(/^4\.7\.0 .*try again later/);

    // Every accepted email is relayed; nothing refused was stored (the sending server keeps it).
    const relayed = await waitFor(async () => {
      const r = await rows(
        `SELECT status, reason FROM inbound_emails WHERE pairing_id = $1 AND status <> 'received'`,
        [world.pairing.id],
      );
      return r.length === limit ? r : null;
    });
    expect(relayed.every((r) => r.status === 'accepted' && r.reason === 'relayed')).toBe(true);
    const [{ n }] = await rows(`SELECT count(*)::int AS n FROM inbound_emails WHERE sender = $1`, [
      world.mentee.email,
    ]);
    expect(n).toBe(limit);
    await waitFor(async () => {
      const [{ sent }] = await rows(
        `SELECT count(*)::int AS sent FROM deliveries WHERE pairing_id = $1 AND kind = 'relay' AND status = 'sent'`,
        [world.pairing.id],
      );
      return sent === limit;
    });

    // Ten minutes later the sending server retries what we refused, and it is taken.
    await age(11);
    const retry = refused[0];
    expect((await send(world.mentee.email, world.pairing.relayAddress, emails[retry].raw)).code).toBe(250);
    await waitFor(async () => {
      const r = await rows(`SELECT status FROM inbound_emails WHERE subject = $1 AND pairing_id = $2`, [
        `Flood ${retry}`,
        world.pairing.id,
      ]);
      return r[0]?.status === 'accepted';
    });
  });

  it('stores exactly the sender limit when 60 emails from one member reach intake at the same moment', async () => {
    // Intake counts and stores in one statement under the sender's and the pairing's locks: 60
    // at once over the whole connection pool must still store exactly 30 and hold the rest.
    const world = await createPairingWorld(running.app);
    const intake = running.app.get(IntakeService);
    const receipts = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        intake.receive({
          source: 'cli',
          raw: Buffer.from(
            buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, subject: `Burst ${i}` })
              .raw,
          ),
          recipient: world.pairing.relayAddress,
          envelopeFrom: world.mentee.email,
        }),
      ),
    );
    expect(receipts.filter((r) => !r.heldFor)).toHaveLength(world.programme.senderLimit);
    expect(receipts.filter((r) => r.heldFor?.startsWith('sender over 30'))).toHaveLength(30);
    const counted = await rows(
      `SELECT pairing_mail_in_window AS n FROM inbound_emails WHERE sender = $1 AND status <> 'held' ORDER BY n`,
      [world.mentee.email],
    );
    // Each stored email counted the ones before it: 1 to 30, once each.
    expect(counted.map((r) => r.n)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('holds an auto-responder ping-pong past the loop limit and shows it to staff', async () => {
    const world = await createPairingWorld(running.app);
    const loopLimit = world.programme.loopLimit;
    expect(loopLimit).toBe(20);
    const sides = [world.mentee.email, world.mentor.email];
    const outcomes: string[] = [];
    // Each side answers the other's last message at once, with a different text every time (so
    // no header or duplicate check sees it); the next answer waits for the previous one's fate.
    for (let i = 0; i < loopLimit + 6; i++) {
      const from = sides[i % 2];
      const email = buildEmail({
        from,
        to: world.pairing.relayAddress,
        subject: `Re: Thanks for your message (${i})`,
        text: `Thank you for your email. I am answering message ${i} at ${Date.now()}.`,
      });
      expect((await send(from, world.pairing.relayAddress, email.raw)).code).toBe(250);
      const [row] = await waitFor(async () => {
        const r = await rows(
          `SELECT status, reason FROM inbound_emails WHERE subject = $1 AND status <> 'received'`,
          [`Re: Thanks for your message (${i})`],
        );
        return r.length ? r : null;
      });
      outcomes.push(`${String(row.status)}/${String(row.reason)}`);
    }
    expect(outcomes.slice(0, loopLimit).every((o) => o === 'accepted/relayed')).toBe(true);
    expect(outcomes.slice(loopLimit).every((o) => o === 'held/pairing_loop')).toBe(true);

    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'loops@staff.example');
    const page = await (await staff.get('/admin/attention')).text();
    expect(page).toContain(`/admin/pairings/${world.pairing.id}`);
    expect(page).toContain('a mail loop');
  });

  it('follows limits staff set on the programme page', async () => {
    const world = await createPairingWorld(running.app);
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'limits@staff.example');
    const saved = await staff.post(`/admin/programmes/${world.programme.id}/limits`, {
      _csrf: await staff.csrf(`/admin/programmes/${world.programme.id}`),
      senderLimit: '3',
      pairingLimit: '60',
      loopLimit: '20',
      floodWindowMinutes: '10',
    });
    expect(saved.status).toBe(303);
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const email = buildEmail({
        from: world.mentor.email,
        to: world.pairing.relayAddress,
        subject: `Few ${i}`,
      });
      codes.push((await send(world.mentor.email, world.pairing.relayAddress, email.raw)).code);
    }
    expect(codes).toEqual([250, 250, 250, 451, 451]);
  });
});
