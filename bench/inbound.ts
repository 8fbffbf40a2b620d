import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import Queue from 'bull';
import { DataSource, In } from 'typeorm';
import { InboundEmail } from '../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../src/inbound/intake.service';
import { ProgramsService } from '../src/programs/programs.service';
import { benchWorld, fmt } from './support';

const CORPUS = resolve(__dirname, '../../shared/corpus/replies');
const ATTACHMENT = Buffer.alloc(64 * 1024, 7)
  .toString('base64')
  .replace(/.{76}/g, '$&\r\n');

/** Corpus emails from the mentee to the relay address; every fourth carries a 64 KB attachment. */
function mixedCorpus(from: string, to: string, count: number): Buffer[] {
  const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml'));
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    let text = readFileSync(join(CORPUS, files[i % files.length]), 'utf8')
      .replace(/^From:.*$/im, `From: Tom <${from}>`)
      .replace(/^To:.*$/im, `To: <${to}>`)
      .replace(/^Message-ID:.*$/im, `Message-ID: <bench-${i}@student.example>`);
    if (i % 4 === 0) {
      const [head, ...body] = text.split(/\r?\n\r?\n/);
      const headers = head
        .replace(/^Content-Type:.*(\r?\n[ \t].*)*$/im, '')
        .replace(/^Content-Transfer-Encoding:.*$/im, '');
      text = `${headers}\r\nContent-Type: multipart/mixed; boundary="benchb"\r\n\r\n--benchb\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee the photo.\r\n--benchb\r\nContent-Type: image/png; name="photo.png"\r\nContent-Disposition: attachment; filename="photo.png"\r\nContent-Transfer-Encoding: base64\r\n\r\n${ATTACHMENT}\r\n--benchb--\r\n`;
      void body;
    }
    out.push(Buffer.from(text));
  }
  return out;
}

/**
 * Inbound pipeline throughput (raw intake to delivery rows recorded) beside the bare limit
 * measured in the same run: mailparser parse + one INSERT + one queue add per email, with the
 * same concurrency as the inbound worker.
 */
export async function runInboundBench(
  count = 400,
): Promise<{ pipeline: number; bare: number; ratio: number }> {
  const world = await benchWorld({ ROLES: 'worker' });
  try {
    const app = world.running.app;
    const programs = app.get(ProgramsService);
    const programme = await programs.createProgramme('Bench');
    const mentor = await programs.addParticipant(programme.id, {
      name: 'M',
      email: 'm@mentor.example',
      role: 'mentor',
    });
    const mentee = await programs.addParticipant(programme.id, {
      name: 'T',
      email: 't@student.example',
      role: 'mentee',
    });
    const pairing = await programs.createPairing(programme, mentor, [mentee]);
    const emails = mixedCorpus(mentee.email, pairing.relayAddress, count);
    const db = app.get(DataSource);

    // Bare limit: the unavoidable work per email, four lanes like the worker.
    await db.query('CREATE TABLE bench_bare (id serial primary key, raw bytea, subject text)');
    const queue = new Queue('bench-bare', world.config.env.REDIS_URL, {
      prefix: `${world.config.env.QUEUE_PREFIX}:bare`,
    });
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < emails.length) {
          const raw = emails[next++];
          const parsed = await simpleParser(raw);
          const [row] = (await db.query(
            'INSERT INTO bench_bare (raw, subject) VALUES ($1, $2) RETURNING id',
            [raw, parsed.subject ?? null],
          )) as { id: number }[];
          await queue.add({ id: row.id }, { jobId: String(row.id) });
        }
      }),
    );
    const bareSeconds = (performance.now() - t0) / 1000;
    await queue.obliterate({ force: true });
    await queue.close();

    const intake = app.get(IntakeService);
    const t1 = performance.now();
    const ids: string[] = [];
    for (const raw of emails)
      ids.push(
        (await intake.receive({ source: 'cli', raw, recipient: pairing.relayAddress, envelopeFrom: null }))
          .id,
      );
    for (;;) {
      const left = await db.getRepository(InboundEmail).countBy({ id: In(ids), status: 'received' });
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const pipelineSeconds = (performance.now() - t1) / 1000;
    const accepted = await db.getRepository(InboundEmail).countBy({ id: In(ids), status: 'accepted' });
    const pipeline = count / pipelineSeconds;
    const bare = count / bareSeconds;
    console.log(
      `inbound pipeline: ${fmt(pipeline)} emails/s (${accepted}/${count} accepted, intake to delivery rows)`,
    );
    console.log(`inbound bare limit (parse + INSERT + queue add): ${fmt(bare)} emails/s`);
    console.log(`inbound pipeline / bare limit: ${fmt((100 * pipeline) / bare)} % (target >= 50 %)`);
    return { pipeline, bare, ratio: pipeline / bare };
  } finally {
    await world.destroy();
  }
}
