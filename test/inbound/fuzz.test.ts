import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, In } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { BULK_LIMITS, createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { REPLY_CORPUS_DIR } from '../support/reply-corpus';
import { seededRandom } from '../support/seeded-random';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const CORPUS = REPLY_CORPUS_DIR;
const FINAL = ['accepted', 'rejected', 'held', 'ignored', 'bounce'];

type Mutation = (raw: Buffer, rnd: () => number, world: PairingWorld) => Buffer;

const pick = <T>(xs: T[], rnd: () => number) => xs[Math.floor(rnd() * xs.length)];

const MUTATIONS: Mutation[] = [
  // Make it look like the mentee wrote it, so it reaches the deep end of the pipeline.
  (raw, _r, w) => Buffer.from(raw.toString('utf8').replace(/^From:.*$/im, `From: Tom <${w.mentee.email}>`)),
  (raw, rnd) => {
    const out = Buffer.from(raw);
    for (let i = 0; i < 1 + rnd() * 40; i++) out[Math.floor(rnd() * out.length)] = Math.floor(rnd() * 256);
    return out;
  },
  (raw, rnd) => raw.subarray(0, Math.floor(rnd() * raw.length)),
  (raw) => Buffer.from(raw.toString('utf8').replace(/\r?\n\r?\n/, '\r\n')),
  (raw, rnd) =>
    Buffer.from(
      raw
        .toString('utf8')
        .replace(/boundary="?([^";\r\n]+)"?/i, `boundary="${pick(['', '--', 'x'.repeat(200), '"'], rnd)}"`),
    ),
  (raw) =>
    Buffer.from(
      raw
        .toString('utf8')
        .replace(/Content-Transfer-Encoding: [^\r\n]+/gi, 'Content-Transfer-Encoding: base64'),
    ),
  (raw, rnd) =>
    Buffer.from(
      `${pick(['Content-Type: multipart/mixed', 'Subject: =?utf-8?B?!!!?=', 'From: <>', 'References: <<<>>>'], rnd)}\r\n${raw.toString('utf8')}`,
    ),
  (raw, rnd) => {
    const text = raw.toString('utf8');
    const at = Math.floor(rnd() * text.length);
    return Buffer.from(text.slice(0, at) + text.slice(at).repeat(2));
  },
  (raw) => Buffer.from(raw.toString('utf8').replace(/charset="?[\w-]+"?/gi, 'charset="x-unknown-charset"')),
];

describe('fuzz: 1,000 mutated emails from the corpus', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker' });
    world = await createPairingWorld(running.app, { limits: BULK_LIMITS });
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('all end in one recorded state, and nothing crashes', async () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml'));
    const sources = files.map((f) => readFileSync(join(CORPUS, f)));
    const rnd = seededRandom(20261128);
    const intake = running.app.get(IntakeService);
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      let raw: Buffer = sources[i % sources.length];
      const rounds = 1 + Math.floor(rnd() * 3);
      for (let r = 0; r < rounds; r++) raw = pick(MUTATIONS, rnd)(raw, rnd, world);
      const receipt = await intake.receive({
        source: 'cli',
        raw,
        recipient: world.pairing.relayAddress,
        envelopeFrom: null,
      });
      ids.push(receipt.id);
    }
    const db = running.app.get(DataSource);
    const rows = await waitFor(
      async () => {
        const found = await db
          .getRepository(InboundEmail)
          .find({ where: { id: In(ids) }, select: { id: true, status: true, reason: true } });
        return found.every((r) => r.status !== 'received') ? found : null;
      },
      240_000,
      500,
    );
    expect(rows).toHaveLength(1000);
    for (const row of rows) {
      expect(FINAL).toContain(row.status);
      expect(row.reason).toBeTruthy();
    }
    // A pipeline bug would surface as processing_error after retries; none should happen.
    expect(rows.filter((r) => r.reason === 'processing_error')).toEqual([]);
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses.has('accepted')).toBe(true);
    expect(statuses.has('rejected')).toBe(true);
  }, 300_000);
});
