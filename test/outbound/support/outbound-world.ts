import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InboundEmail } from '../../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../../src/inbound/intake.service';
import { Delivery } from '../../../src/outbound/entities/delivery.entity';
import { ProgramsService } from '../../../src/programs/programs.service';
import { BULK_LIMITS, type PairingWorld } from '../../factories/pairing.factory';
import { buildEmail } from '../../factories/emails';
import { waitFor } from '../../support/wait-for';

/** A pairing whose participants use the given real addresses (the whole corpus goes through it: no flood limits). */
export async function pairingWith(
  app: INestApplicationContext,
  addresses: { mentor: string; mentee: string },
): Promise<PairingWorld> {
  const programs = app.get(ProgramsService);
  const programme = await programs.createProgramme(`Privacy ${randomBytes(3).toString('hex')}`, BULK_LIMITS);
  const mentor = await programs.addParticipant(programme.id, {
    name: 'Sam Support',
    email: addresses.mentor,
    role: 'mentor',
  });
  const mentee = await programs.addParticipant(programme.id, {
    name: 'Jonathan Keller',
    email: addresses.mentee,
    role: 'mentee',
  });
  const pairing = await programs.createPairing(programme, mentor, [mentee]);
  return { programme, mentor, mentee, pairing };
}

/** Hands raw mail to the intake, as the SMTP listener or the SES webhook would. */
export async function inject(app: INestApplicationContext, raw: Buffer | string, from: string, to: string) {
  return app.get(IntakeService).receive({
    source: 'cli',
    raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw),
    recipient: to,
    envelopeFrom: from,
  });
}

/** One simple participant email to the relay, through the intake. */
export async function sendAs(
  app: INestApplicationContext,
  world: PairingWorld,
  who: 'mentor' | 'mentee',
  text: string,
  extra: { subject?: string; inReplyTo?: string; references?: string[] } = {},
) {
  const from = world[who].email;
  const email = buildEmail({ from, to: world.pairing.relayAddress, text, ...extra });
  await inject(app, email.raw, from, world.pairing.relayAddress);
  return email;
}

const DONE = ['sent', 'failed', 'suppressed', 'uncertain', 'skipped'];

/** Waits until no inbound email is unprocessed and every delivery has reached a final state. */
export async function settled(
  db: DataSource,
  expectDeliveries: number,
  timeoutMs = 60_000,
): Promise<Delivery[]> {
  return waitFor(
    async () => {
      const pending = await db.getRepository(InboundEmail).countBy({ status: 'received' });
      const deliveries = await db.getRepository(Delivery).find();
      const open = deliveries.filter((d) => !DONE.includes(d.status));
      return pending === 0 && open.length === 0 && deliveries.length >= expectDeliveries ? deliveries : null;
    },
    timeoutMs,
    100,
  ).catch(async (error: Error) => {
    const inbound = await db.query('SELECT status, count(*)::int AS n FROM inbound_emails GROUP BY 1');
    const out = await db.query('SELECT status, count(*)::int AS n FROM deliveries GROUP BY 1');
    throw new Error(
      `${error.message}; inbound ${JSON.stringify(inbound)}, deliveries ${JSON.stringify(out)}`,
    );
  });
}
