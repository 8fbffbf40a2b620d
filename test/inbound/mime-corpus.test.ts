import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, In } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { sharedDir } from '../support/shared-dir';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * Every email of the real-world MIME robustness corpus (broken mail from other projects' tests,
 * ../shared/corpus/mime) through the whole inbound pipeline, twice: as if the mentee wrote it (so
 * it reaches attachments, storage and the relay) and as it is with the null sender (so it reaches
 * the bounce check's report parsing, where an unreadable attachment Content-Type once crashed).
 */
const CORPUS = sharedDir('corpus/mime');
const FINAL = ['accepted', 'rejected', 'held', 'ignored', 'bounce'];

describe('the MIME robustness corpus through the inbound pipeline', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker' });
    world = await createPairingWorld(running.app);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /** The message with the mentee's From (replacing the first From header, or added). */
  const asMentee = (raw: Buffer): Buffer => {
    const text = raw.toString('latin1');
    const from = `From: Tom <${world.mentee.email}>`;
    return Buffer.from(
      /^From:.*$/im.test(text) ? text.replace(/^From:.*$/im, from) : `${from}\r\n${text}`,
      'latin1',
    );
  };

  it('ends every email in one recorded state, none by a processing error', async () => {
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml'));
    expect(files.length).toBeGreaterThan(900);
    const intake = running.app.get(IntakeService);
    const ids = new Set<string>();
    for (const file of files) {
      const raw = readFileSync(join(CORPUS, file));
      const variants = [
        { raw: asMentee(raw), envelopeFrom: world.mentee.email },
        { raw, envelopeFrom: '' },
      ];
      for (const variant of variants) {
        const receipt = await intake.receive({
          source: 'cli',
          recipient: world.pairing.relayAddress,
          ...variant,
        });
        ids.add(receipt.id);
      }
    }
    const db = running.app.get(DataSource);
    const rows = await waitFor(
      async () => {
        const found = await db.getRepository(InboundEmail).find({
          where: { id: In([...ids]) },
          select: { id: true, status: true, reason: true, detail: true, envelopeFrom: true },
        });
        return found.every((r) => r.status !== 'received') ? found : null;
      },
      400_000,
      1000,
    );
    expect(rows).toHaveLength(ids.size);
    const counts: Record<string, number> = {};
    for (const row of rows) {
      const key = `${row.envelopeFrom === '' ? 'null sender' : 'as mentee'} ${row.status}/${row.reason}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    console.log(
      `${files.length} files, ${rows.length} emails:\n${JSON.stringify(counts, Object.keys(counts).sort(), 2)}`,
    );
    expect(rows.filter((r) => r.reason === 'processing_error').map((r) => r.detail)).toEqual([]);
    for (const row of rows) expect(FINAL).toContain(row.status);
  }, 500_000);
});
