import { readdirSync } from 'node:fs';
import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SmtpListener } from '../src/inbound/smtp/smtp-listener';
import type { Programme } from '../src/programs/entities/programme.entity';
import { ProgramsService } from '../src/programs/programs.service';
import { BULK_LIMITS } from '../test/factories/pairing.factory';
import { mixedCorpus, waitUntil } from './corpus';
import { sendAtRate } from './relay-latency';
import { benchWorld, fmt, percentile } from './support';

const ROOM_SIZE = 50;
const SINGLE_EMAILS = 5;
const STREAM_ROOMS = 10;
const STREAM_RATE = 4;
const STREAM_SECONDS = 15;

/** A topic room of `size` members who joined it, in a programme without flood limits. */
async function benchRoom(app: INestApplicationContext, programme: Programme, i: number, size: number) {
  const programs = app.get(ProgramsService);
  const room = await programs.createRoom(programme, `Room ${i}`, `room ${i}`);
  const members = [];
  for (let k = 0; k < size; k++) {
    const p = await programs.addParticipant(programme.id, {
      name: `R${i}M${k}`,
      email: `r${i}m${k}@student.example`,
      role: k % 5 === 0 ? 'mentor' : 'mentee',
    });
    await programs.joinRoom(room.id, p);
    members.push(p);
  }
  return { room, members };
}

/**
 * The topic-room fan-out over real SMTP, every role in one process: one email to a 50-member
 * room becomes 49 relay deliveries, each written by the file transport, timed from the SMTP 250
 * to the last copy written (`deliveries.sent_at`); then a steady stream into ten rooms at once,
 * counted as relayed copies written per second.
 */
export async function runCircleFanoutBench(): Promise<void> {
  const world = await benchWorld();
  try {
    const app = world.running.app;
    const db = app.get(DataSource);
    const port = app.get(SmtpListener).port!;
    // A bench pours mail from few senders on purpose: the flood limits stay out of its way.
    const programme = await app.get(ProgramsService).createProgramme('Fan-out', BULK_LIMITS);
    const files = () => readdirSync(world.outboxDir).filter((f) => f.endsWith('.eml')).length;
    const copiesOf = async (tag: string) =>
      (await db.query(
        `SELECT count(*)::int AS rows, count(d.sent_at)::int AS written,
                (extract(epoch FROM max(d.sent_at)) * 1000)::float8 AS last
           FROM deliveries d JOIN messages m ON m.id = d.source_message_id
          WHERE m.message_id LIKE $1 AND d.kind = 'relay'`,
        [`bench-${tag}-%`],
      )) as { rows: number; written: number; last: number | null }[];

    // One email at a time into one room: the whole fan-out of each, alone on the machine.
    const { room, members } = await benchRoom(app, programme, 0, ROOM_SIZE);
    const latencies: number[] = [];
    // Email 0 warms up (JIT, pools, the first compile of the relay template) and is not counted.
    for (let i = 0; i <= SINGLE_EMAILS; i++) {
      const tag = `fanout${i}`;
      const before = files();
      const [mail] = mixedCorpus([{ from: members[i].email, to: room.relayAddress }], 1, tag);
      const { results } = await sendAtRate(port, [mail], 1);
      if (results[0].code !== 250) throw new Error(`the room refused the email: ${results[0].code}`);
      await waitUntil(async () => (await copiesOf(tag))[0].written >= ROOM_SIZE - 1, 5);
      const [c] = await copiesOf(tag);
      await waitUntil(async () => files() - before >= ROOM_SIZE - 1, 5);
      if (i > 0) latencies.push(c.last! - results[0].acked!);
      console.log(
        `  ${i === 0 ? 'warm-up email' : `email ${i}`}: ${c.rows} delivery rows, ${c.written} written, ${files() - before} .eml files; ` +
          `250 -> last copy written ${fmt(c.last! - results[0].acked!, 0)} ms`,
      );
    }
    const sorted = [...latencies].sort((a, z) => a - z);
    console.log(
      `one email to a ${ROOM_SIZE}-member room -> ${ROOM_SIZE - 1} copies: SMTP 250 -> last copy written ` +
        `p50 ${fmt(percentile(sorted, 50), 0)} ms, max ${fmt(sorted[sorted.length - 1], 0)} ms (${SINGLE_EMAILS} emails)`,
    );

    // A steady stream into ten rooms at once, open-loop, each email from a member of its room.
    const rooms = [{ room, members }];
    for (let i = 1; i < STREAM_ROOMS; i++) rooms.push(await benchRoom(app, programme, i, ROOM_SIZE));
    const routes = rooms.flatMap((r, i) =>
      r.members.slice(10, 20).map((m, k) => ({ from: m.email, to: r.room.relayAddress, k: k * 10 + i })),
    );
    routes.sort((a, z) => a.k - z.k);
    const mails = mixedCorpus(routes, STREAM_RATE * STREAM_SECONDS, 'stream');
    const { results } = await sendAtRate(port, mails, STREAM_RATE);
    const accepted = results.filter((r) => r.code === 250);
    const want = accepted.length * (ROOM_SIZE - 1);
    const deadline = Date.now() + 300_000;
    await waitUntil(async () => (await copiesOf('stream'))[0].written >= want || Date.now() > deadline, 50);
    const [c] = await copiesOf('stream');
    const seconds = (c.last! - results[0].dataEnd!) / 1000;
    console.log(
      `${mails.length} emails at ${STREAM_RATE}/s into ${STREAM_ROOMS} rooms of ${ROOM_SIZE} (${accepted.length} answered 250): ` +
        `${c.written} of ${want} copies written in ${fmt(seconds)} s from the first email: ` +
        `${fmt(c.written / seconds, 0)} relays/s (asked for ${STREAM_RATE * (ROOM_SIZE - 1)}/s)`,
    );
  } finally {
    await world.destroy();
  }
}
