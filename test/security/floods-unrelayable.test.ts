import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProgrammeImportService } from '../../src/admin/services/programme-import.service';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { ParticipantAddressError, ProgramsService } from '../../src/programs/programs.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

/** Issue #11: mail that can never be relayed, and participants whose address is our own. */
describe('unrelayable mail and our own addresses', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ RELAY_DOMAIN: 'relay.example' });
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const send = (from: string, to: string, raw: string) =>
    SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, { from, to: [to], raw });

  /** The recorded fate of the email with `subject`, and the deliveries it caused. */
  const fate = async (world: PairingWorld, subject: string) => {
    const [row] = await waitFor(async () => {
      const r = (await db.query(
        `SELECT id, status, reason FROM inbound_emails WHERE subject = $1 AND status <> 'received'`,
        [subject],
      )) as { id: string; status: string; reason: string }[];
      return r.length ? r : null;
    }, 60_000);
    const deliveries = (await db.query(
      `SELECT kind, to_address AS "to", payload->'input'->>'name' AS template FROM deliveries WHERE pairing_id = $1`,
      [world.pairing.id],
    )) as { kind: string; to: string; template: string | null }[];
    const messages = (await db.query(`SELECT count(*)::int AS n FROM messages WHERE inbound_email_id = $1`, [
      row.id,
    ])) as { n: number }[];
    return { ...row, deliveries, messages: messages[0].n };
  };

  const refusedWithNotice = (world: PairingWorld, f: Awaited<ReturnType<typeof fate>>) => {
    expect(f).toMatchObject({ status: 'rejected', reason: 'unrelayable', messages: 0 });
    expect(f.deliveries).toEqual([
      { kind: 'notice', to: world.mentee.email, template: 'notice-rejected-too-large' },
    ]);
  };

  it('refuses a 10 MB single-line body, with a notice to its sender, and relays a long line that fits', async () => {
    const world = await createPairingWorld(running.app);
    /** The mentee writes one line of `bytes` characters, over SMTP; its recorded fate. */
    const writeLine = async (subject: string, bytes: number) => {
      const text = randomBytes(bytes / 2).toString('hex');
      const email = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, subject, text });
      expect((await send(world.mentee.email, world.pairing.relayAddress, email.raw)).data?.code).toBe(250);
      return fate(world, subject);
    };
    // Quoted-printable re-wraps a long line: 300 KB on one line is relayed like any text.
    expect(await writeLine('Long line', 300_000)).toMatchObject({
      status: 'accepted',
      reason: 'relayed',
      messages: 1,
    });
    const refused = await writeLine('Huge line', 10_000_000);
    refusedWithNotice(world, {
      ...refused,
      deliveries: refused.deliveries.filter((d) => d.kind === 'notice'),
    });
  });

  it('refuses an email of 2,000 MIME parts, with a notice to its sender', async () => {
    const world = await createPairingWorld(running.app);
    const parts = Array.from(
      { length: 2000 },
      (_, i) => `--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\npart ${i}\r\n`,
    ).join('');
    const raw = [
      `From: <${world.mentee.email}>`,
      `To: <${world.pairing.relayAddress}>`,
      'Subject: Many parts',
      `Message-ID: <${randomBytes(6).toString('hex')}@student-mail.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      `${parts}--b1--`,
      '',
    ].join('\r\n');
    expect((await send(world.mentee.email, world.pairing.relayAddress, raw)).data?.code).toBe(250);
    refusedWithNotice(world, await fate(world, 'Many parts'));
  });

  it('refuses a participant address on the relay domain, at import with the line and through the service', async () => {
    const world = await createPairingWorld(running.app);
    const csv = [
      'name,email,role,pairing',
      'Ana,ana@people.example,mentor,p1',
      `Loop,${world.pairing.relayAddress.toUpperCase()},mentee,p1`,
    ].join('\n');
    const { plan, imported } = await running.app
      .get(ProgrammeImportService)
      .commitImport(world.programme.id, csv);
    expect(imported).toBe(false);
    expect(plan.rows[0].errors).toEqual([]);
    expect(plan.rows[1]).toMatchObject({ line: 3 });
    expect(plan.rows[1].errors).toEqual([
      `${world.pairing.relayAddress} is on the relay domain relay.example; a participant needs their own mailbox`,
    ]);
    const [{ n }] = (await db.query(
      `SELECT count(*)::int AS n FROM participants WHERE email = 'ana@people.example'`,
    )) as {
      n: number;
    }[];
    expect(n).toBe(0);
    await expect(
      running.app.get(ProgramsService).addParticipant(world.programme.id, {
        name: 'Loop',
        email: 'someone@relay.example',
        role: 'mentee',
      }),
    ).rejects.toBeInstanceOf(ParticipantAddressError);
  });
});
