import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { IntakeService } from '../../src/inbound/intake.service';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

/**
 * A command held with the rest of a paused pair's mail, or for the safeguarding review, is not a
 * message for the partner: "#rematch" and its reason never reach them. The author's notice must
 * not promise that it will, while an ordinary message's notice still says when it will arrive.
 */
describe('the notice for a held email that is for MentorMail, not for the partner', () => {
  let env: TestEnv;
  let running: RunningApp;
  let intake: IntakeService;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker', SCHEDULE_TICK_MS: '3600000' });
    intake = running.app.get(IntakeService);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  /**
   * The mentee of a new pairing (set up by `prepare`) writes `text`; resolves with the row once
   * decided, and the notice it brought (at most one a day per reason: hence a new pairing each).
   */
  async function write(prepare: (world: PairingWorld) => Promise<unknown>, subject: string, text: string) {
    const world = await createPairingWorld(running.app);
    await prepare(world);
    const { raw } = buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, subject, text });
    const { id } = await intake.receive({
      source: 'cli',
      raw: Buffer.from(raw),
      recipient: world.pairing.relayAddress,
      envelopeFrom: null,
    });
    const row = await waitFor(async () => {
      const found = await db.getRepository(InboundEmail).findOneByOrFail({ id });
      return found.status === 'received' ? null : found;
    });
    const notice = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((mail) => toAddress(mail.parsed) === world.mentee.email),
    );
    return { row, text: notice.parsed.text ?? '', partner: world.mentor.name };
  }

  const paused = (world: PairingWorld) =>
    db.query(`UPDATE pairings SET status = 'paused' WHERE id = $1`, [world.pairing.id]);
  const youth = (world: PairingWorld) =>
    db.query(`UPDATE programmes SET consent_age = 16 WHERE id = $1`, [world.programme.id]);

  it('in a paused pair: a command is acted on when the pair restarts, a message delivered then', async () => {
    const command = await write(paused, 'Re: Week 1', '#rematch we never get on');
    expect([command.row.status, command.row.reason]).toEqual(['held', 'pairing_paused']);
    expect(command.text).toContain('we will act on it');
    expect(command.text).not.toContain(`delivered to ${command.partner}`);

    const message = await write(paused, 'Re: Week 2', 'Looking forward to next week.');
    expect(message.text).toContain(
      `It will be delivered to ${message.partner} as soon as your pair restarts`,
    );
  });

  it('held for safeguarding: a command is acted on after the review, a message passed on then', async () => {
    const command = await write(
      youth,
      'Re: Week 3',
      '#rematch he keeps asking me to text him on 07700 900123',
    );
    expect([command.row.status, command.row.reason]).toEqual(['held', 'safeguarding']);
    expect(command.text).toContain('Then we act on it as usual');
    expect(command.text).not.toContain(`reaches ${command.partner}`);

    const message = await write(youth, 'Re: Week 4', 'Text me on 07700 900123');
    expect(message.text).toContain(`It usually reaches ${message.partner} within a day`);
  });
});
