import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { digestSendNow, promptSendNow } from '../../src/cli/commands/send-now.command';
import { firstPromptAndPoll } from '../../src/cli/commands/seed-demo.command';
import { Delivery, type DeliveryKind } from '../../src/outbound/entities/delivery.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { sendAs, settled } from '../outbound/support/outbound-world';

export interface SentEmail {
  kind: DeliveryKind;
  subject: string;
  /** The bytes as the transport handed them over (the file outbox), signature included. */
  raw: Buffer;
}

/**
 * One email of each kind the service sends, through the real outbox and the file transport: a
 * welcome, a prompt and a poll, a relayed reply, a notice (the #help confirmation), a digest.
 * `running` is an app with every role writing to `outboxDir`; returns the emails as written there.
 */
export async function sendEveryKind(outboxDir: string, running: RunningApp): Promise<SentEmail[]> {
  const app = running.app;
  const db = app.get(DataSource);
  const world: PairingWorld = await createPairingWorld(app, { welcome: true });
  await app.get(ScheduleTickService).tick(new Date());
  const { prompt, poll } = firstPromptAndPoll();
  await promptSendNow(app, world.pairing.relayAddress, prompt);
  await promptSendNow(app, world.pairing.relayAddress, poll);
  await sendAs(app, world, 'mentee', 'Thanks Maria! Two truths: I play the cello and I have been to Lagos.', {
    subject: 'Re: our first week',
  });
  await sendAs(app, world, 'mentor', '#help', { subject: 'help' });
  // An empty reply relays nothing and tells its sender so: a notice.
  await sendAs(app, world, 'mentee', '', { subject: 'Re: our first week' });
  // welcome x2, prompt x2, poll x2, relay, the #help confirmation, the notice
  await settled(db, 9);
  await digestSendNow(app, world.mentee.email);
  const rows = (await db.getRepository(Delivery).find({ order: { createdAt: 'ASC' } })).filter(
    (d) => d.status === 'sent',
  );
  return Promise.all(
    rows.map(async (d) => {
      const raw = await readFile(join(outboxDir, d.transportId!));
      const subject = /^Subject: (.*)$/m.exec(raw.toString('latin1'))?.[1] ?? '';
      return { kind: d.kind, subject, raw };
    }),
  );
}
