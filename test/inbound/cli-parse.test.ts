import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { parseFiles } from '../../src/cli/commands/parse.command';
import { injectInbound } from '../../src/cli/commands/inbound.command';
import { Message } from '../../src/conversations/entities/message.entity';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { REPLY_CORPUS_DIR } from '../support/reply-corpus';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const CORPUS = REPLY_CORPUS_DIR;
const CASES = ['crisp-22', 'crisp-danish-dash', 'crisp-finnish', 'crisp-emoji'];

describe('cli parse and cli inbound', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  const dir = mkdtempSync(join(tmpdir(), 'mm-cli-'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker' });
    world = await createPairingWorld(running.app);
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('reports the reply exactly as the pipeline stores it', async () => {
    const files = CASES.map((name) => {
      const raw = readFileSync(join(CORPUS, `${name}.eml`), 'utf8')
        .replace(/^From:.*$/im, `From: Tom <${world.mentee.email}>`)
        .replace(/^To:.*$/im, `To: <${world.pairing.relayAddress}>`);
      const file = join(dir, `${name}.eml`);
      writeFileSync(file, raw);
      return file;
    });
    const lines: string[] = [];
    expect(await parseFiles([...files, join(dir, 'missing.eml')], (l) => lines.push(l))).toBe(1);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed[CASES.length]).toMatchObject({ file: join(dir, 'missing.eml'), error: expect.any(String) });
    for (const key of [
      'file',
      'from',
      'to',
      'subject',
      'date',
      'messageId',
      'inReplyTo',
      'references',
      'reply',
      'quoted',
      'attachments',
      'autoSubmitted',
    ]) {
      expect(parsed[0]).toHaveProperty(key);
    }
    const db = running.app.get(DataSource);
    for (const [i, file] of files.entries()) {
      const [receipt] = await injectInbound(running.app, file);
      expect(receipt.recipient).toBe(world.pairing.relayAddress);
      const message = await waitFor(() =>
        db.getRepository(Message).findOneBy({ inboundEmailId: receipt.id }),
      );
      expect(message.newText).toBe(parsed[i].reply);
      expect(parsed[i].reply).toBe(readFileSync(join(CORPUS, `${CASES[i]}.expected.txt`), 'utf8').trim());
    }
  });
});
