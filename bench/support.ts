import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startApp, type RunningApp } from '../src/bootstrap';
import { AppConfig } from '../src/config/app-config';
import { ProgramsService } from '../src/programs/programs.service';
import { BULK_LIMITS } from '../test/factories/pairing.factory';
import { deleteQueueKeys } from '../test/support/queue-keys';
import type { INestApplicationContext } from '@nestjs/common';

const BASE = process.env.BENCH_DATABASE_BASE_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** A throw-away world for one benchmark: its own database, Redis prefix and outbox folder. */
export async function benchWorld(overrides: Record<string, string> = {}) {
  const name = `mm_bench_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const outboxDir = mkdtempSync(join(tmpdir(), 'mm-bench-outbox-'));
  const config = AppConfig.fromEnvironment({
    // A per-process random APP_SECRET: benches sign nothing that outlives them.
    NODE_ENV: 'test',
    DATABASE_URL: `${BASE}/${name}`,
    QUEUE_PREFIX: `mmbench:${name}`,
    HTTP_PORT: '0',
    SMTP_PORT: '0',
    OUTBOX_DIR: outboxDir,
    STORAGE_DIR: mkdtempSync(join(tmpdir(), 'mm-bench-blobs-')),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'error',
    // The default (one fewer than the cores) unless a run asks, to compare with none (0).
    ...(process.env.OFFLOAD_THREADS ? { OFFLOAD_THREADS: process.env.OFFLOAD_THREADS } : {}),
    ...overrides,
  });
  const running: RunningApp = await startApp(config);
  return {
    name,
    config,
    running,
    outboxDir,
    async destroy() {
      await running.close();
      // Jobs a bench left queued (a fan-out puts 100,000 there) would otherwise stay in Redis.
      await deleteQueueKeys(config.env.REDIS_URL, config.env.QUEUE_PREFIX);
      const client = new Client({ connectionString: `${BASE}/postgres` });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/**
 * How a pilot runs (README "Scaling out"): JOB_HANDOFF=in-process; `JOB_HANDOFF=bull npm run bench`
 * measures the multi-process path's Bull round trips in one process instead. Printed with the figures.
 */
export function pilotHandoff(): Record<string, string> {
  const mode = process.env.JOB_HANDOFF ?? 'in-process';
  console.log(`  (JOB_HANDOFF=${mode})`);
  return { JOB_HANDOFF: mode };
}

// In a module of its own so the soak can use it without loading the whole app.
export { percentile } from './stats';

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** One programme with a mentor and a mentee, the pairing every bench relays through. */
export async function benchPairing(app: INestApplicationContext, name: string) {
  const programs = app.get(ProgramsService);
  // A bench pours hundreds of emails from one member on purpose: the flood limits stay out of its way.
  const programme = await programs.createProgramme(name, BULK_LIMITS);
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
  return { programme, mentor, mentee, pairing };
}

/**
 * `count` pairings of one programme at its default flood limits, each with members of its own:
 * mail spread over them as a programme receives it, every sender and pairing under its limits.
 */
export async function benchPairings(app: INestApplicationContext, name: string, count: number) {
  const programs = app.get(ProgramsService);
  const programme = await programs.createProgramme(name);
  const pairings = [];
  for (let i = 0; i < count; i++) {
    const mentor = await programs.addParticipant(programme.id, {
      name: `M${i}`,
      email: `m${i}@mentor.example`,
      role: 'mentor',
    });
    const mentee = await programs.addParticipant(programme.id, {
      name: `T${i}`,
      email: `t${i}@student.example`,
      role: 'mentee',
    });
    pairings.push({ mentee, pairing: await programs.createPairing(programme, mentor, [mentee]) });
  }
  return { programme, pairings };
}
