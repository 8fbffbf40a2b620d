import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { injectInbound } from '../../src/cli/commands/inbound.command';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { ProgramsRepository } from '../../src/programs/programs.repository';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

describe('the safeguarding filter in the inbound pipeline', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  const dir = mkdtempSync(join(tmpdir(), 'mm-safeguarding-'));
  let n = 0;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker' });
    db = running.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 30_000);

  /** The mentee writes `text`; resolves once the pipeline has decided the email. */
  const write = async (world: PairingWorld, text: string) => {
    const file = join(dir, `${++n}.eml`);
    writeFileSync(file, buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, subject: `Note ${n}`, text }).raw);
    const [{ id }] = await injectInbound(running.app, file);
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneByOrFail({ id });
      return row.status === 'received' ? null : row;
    });
  };
  const youth = async (world: PairingWorld) =>
    db.query(`UPDATE programmes SET consent_age = 16 WHERE id = $1`, [world.programme.id]);

  it('filters nothing outside youth programmes unless staff turn it on', async () => {
    const world = await createPairingWorld(running.app);
    const plain = await write(world, 'Call me on 07700 900123 or write to tom.private@gmail.com');
    expect(plain).toMatchObject({ status: 'accepted', reason: 'relayed' });

    await running.app
      .get(ProgramsRepository)
      .updateProgrammeSafeguarding(world.programme.id, { contactFilter: true, contactAllow: [], filterKeywords: [] });
    const filtered = await write(world, 'Call me on 07700 900123');
    expect(filtered).toMatchObject({ status: 'held', reason: 'safeguarding', detail: 'held for review: phone number' });
  });

  it('holds contact details in a youth programme by default, and tells the author once, kindly', async () => {
    const world = await createPairingWorld(running.app);
    await youth(world);
    const held = await write(world, 'add me on snapchat, my number is +44 7700 900123');
    expect(held).toMatchObject({ status: 'held', reason: 'safeguarding' });
    expect(held.detail).toBe('held for review: phone number, social-media handle');
    const told = await waitFor(async () => {
      const mail = (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === world.mentee.email);
      return mail.length ? mail : null;
    });
    expect(told).toHaveLength(1);
    expect(told[0].parsed.subject).toMatch(/^Your message is with the programme team: /);
    expect(told[0].parsed.text).toContain('You don\'t need to do anything.');
    expect(told[0].parsed.text).not.toMatch(/phone|contact detail|snapchat|rule/i);
    // A second held message the same day: held again, no second notice.
    await write(world, 'or my email tom.private@gmail.com');
    const notices = await db.query(
      `SELECT count(*)::int AS n FROM deliveries WHERE to_address = $1 AND kind = 'notice'`,
      [world.mentee.email],
    );
    expect(notices).toEqual([{ n: 1 }]);
  });

  it('lets ordinary messages, the allow-list and a staff opt-out through in a youth programme', async () => {
    const world = await createPairingWorld(running.app);
    await youth(world);
    const ordinary = await write(world, 'See you on 12/05/2024 at 10:30, the book was $12.99 and I read 300 pages.');
    expect(ordinary.status).toBe('accepted');
    await running.app.get(ProgramsRepository).updateProgrammeSafeguarding(world.programme.id, {
      contactFilter: null,
      contactAllow: ['brightfutures.zoom.us'],
      filterKeywords: ['secret'],
    });
    expect((await write(world, 'Our call: https://brightfutures.zoom.us/j/123')).status).toBe('accepted');
    expect(await write(world, 'Our call: https://zoom.us/j/123')).toMatchObject({ status: 'held' });
    expect(await write(world, 'It is our little secret')).toMatchObject({
      status: 'held',
      detail: 'held for review: flagged word',
    });
    await running.app
      .get(ProgramsRepository)
      .updateProgrammeSafeguarding(world.programme.id, { contactFilter: false, contactAllow: [], filterKeywords: [] });
    expect((await write(world, 'Call me on 07700 900123')).status).toBe('accepted');
  });
});
