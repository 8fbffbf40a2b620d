import { load } from 'cheerio';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const PAUSE = 'Pause prompts for a while';
const STOP = 'Unsubscribe from prompts';

/**
 * A notice's footer offers "Pause prompts for a while" and "Unsubscribe from prompts" as mailto
 * links to the pairing's address. Following one, as a mail client does, must do what it says and
 * relay nothing, also from a client that keeps the link's subject but drops its body.
 */
describe("a notice's footer controls, followed from a mail client", () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let intake: IntakeService;
  let db: DataSource;
  let links: Record<string, string | undefined>;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker', SCHEDULE_TICK_MS: '3600000' });
    world = await createPairingWorld(running.app);
    intake = running.app.get(IntakeService);
    db = running.app.get(DataSource);
    // A reply with no new text is answered with a notice: its footer is the one under test.
    const empty = await send({ subject: 'Re: Week 2', text: '> only the quote' });
    expect(empty.reason).toBe('empty');
    links = await waitFor(async () => {
      const notice = (await readOutbox(env.outboxDir)).find(
        (mail) => toAddress(mail.parsed) === world.mentee.email && mail.parsed.html,
      );
      if (!notice) return null;
      const $ = load(notice.parsed.html as string);
      return Object.fromEntries(
        [PAUSE, STOP].map((label) => [label, $(`a:contains("${label}")`).attr('href')]),
      );
    });
  });

  afterAll(async () => {
    await env.destroy();
  });

  async function send(email: { to?: string; subject: string; text: string }): Promise<InboundEmail> {
    const to = email.to ?? world.pairing.relayAddress;
    const { raw } = buildEmail({ from: world.mentee.email, ...email, to });
    const { id } = await intake.receive({
      source: 'cli',
      raw: Buffer.from(raw),
      recipient: to,
      envelopeFrom: null,
    });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ id });
      return row && row.status !== 'received' ? row : null;
    });
  }

  /** What a mail client sends for a mailto link: its address, subject and (unless dropped) body. */
  function follow(label: string, body: 'kept' | 'dropped') {
    const url = new URL(links[label] ?? `missing:${label}`);
    expect(url.protocol).toBe('mailto:');
    const subject = url.searchParams.get('subject') ?? '';
    const text = body === 'kept' ? (url.searchParams.get('body') ?? '') : '';
    return send({ to: decodeURIComponent(url.pathname), subject, text });
  }

  const mentee = async () =>
    (
      (await db.query(`SELECT paused_until, prompts_stopped_at FROM participants WHERE id = $1`, [
        world.mentee.id,
      ])) as { paused_until: Date | null; prompts_stopped_at: Date | null }[]
    )[0];
  const relayedToMentor = () =>
    db.query(`SELECT count(*)::int AS n FROM deliveries WHERE kind = 'relay' AND recipient_id = $1`, [
      world.mentor.id,
    ]) as Promise<{ n: number }[]>;

  it.each(['kept', 'dropped'] as const)(
    'pauses prompts for two weeks, relaying nothing (body %s)',
    async (body) => {
      await send({ subject: 'Re: Week 2', text: '#resume' });
      const before = await relayedToMentor();
      const row = await follow(PAUSE, body);
      expect([row.status, row.reason, row.detail]).toEqual(['accepted', 'command', 'pause']);
      const { paused_until } = await mentee();
      const days = (paused_until!.getTime() - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(13);
      expect(days).toBeLessThanOrEqual(14);
      expect(await relayedToMentor()).toEqual(before);
    },
  );

  it.each(['kept', 'dropped'] as const)('stops prompts, relaying nothing (body %s)', async (body) => {
    await send({ subject: 'Re: Week 2', text: '#resume' });
    expect((await mentee()).prompts_stopped_at).toBeNull();
    const before = await relayedToMentor();
    const row = await follow(STOP, body);
    expect([row.status, row.reason, row.detail]).toEqual(['accepted', 'command', 'stop']);
    expect((await mentee()).prompts_stopped_at).not.toBeNull();
    expect(await relayedToMentor()).toEqual(before);
  });
});
