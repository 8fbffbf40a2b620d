import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { digestSendNow, promptSendNow } from '../../src/cli/commands/send-now.command';
import { firstPromptAndPoll } from '../../src/cli/commands/seed-demo.command';
import { PairingAdminService } from '../../src/admin/services/pairing-admin.service';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { findPrompt } from '../../src/prompts/library/prompt-library';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/**
 * `prompt:send` and `digest:send` as the CLI runs them (the command functions, on the real app):
 * the scheduled path's own emails, written at once, never twice, with clear errors.
 */
describe('cli prompt:send and digest:send', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let world: PairingWorld;
  const { prompt, poll } = firstPromptAndPoll();

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    world = await createPairingWorld(running.app);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const outboxTo = async (address: string) =>
    (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === address);

  it('sends a prompt to both sides now, as the schedule would, and the schedule does not send it again', async () => {
    // The schedule exists before the send: its first item is the prompt sent now.
    await running.app.get(ScheduleTickService).seed(new Date());
    const lines = await promptSendNow(running.app, world.pairing.relayAddress.toUpperCase(), prompt);
    expect(lines[0]).toBe(`Prompt "${prompt}" (week 1, item 1) to ${world.pairing.relayAddress}:`);
    expect(lines.slice(1)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^  prompt to ${world.mentor.email}: sent \\(.+\\.eml\\)$`)),
        expect.stringMatching(new RegExp(`^  prompt to ${world.mentee.email}: sent \\(.+\\.eml\\)$`)),
      ]),
    );
    const title = findPrompt(prompt)!.title;
    for (const member of [world.mentor, world.mentee]) {
      const [mail] = await outboxTo(member.email);
      expect(mail.parsed.subject).toContain(title);
      expect(mail.parsed.from?.value[0].address).toBe(world.pairing.relayAddress);
      // The scheduled send's own headers: replies thread, and one-click unsubscribe works.
      expect(mail.raw).toMatch(/^List-Unsubscribe:\s+<https?:\/\/[^>\s]+\/u\//m);
      expect(mail.raw.toLowerCase()).not.toContain(
        (member === world.mentor ? world.mentee : world.mentor).email,
      );
    }

    // The schedule reaches that step later and finds it sent: nobody gets it twice.
    const row = await db
      .getRepository(Schedule)
      .findOneByOrFail({ participantId: world.mentor.id, stream: 'prompt' });
    await running.app.get(ScheduleTickService).tick(new Date(row.nextRunAt!.getTime() + 1000));
    const step = await db.getRepository(Delivery).findBy({ recipientId: world.mentor.id, kind: 'prompt' });
    expect(step.filter((d) => d.dedupeKey.endsWith(`:1.0:${world.mentor.id}`))).toHaveLength(1);

    const again = await promptSendNow(running.app, world.pairing.relayAddress, prompt);
    expect(again[1]).toBe('  already sent to every member before; nothing is sent twice.');
  });

  it('sends a poll with its numbered options', async () => {
    const lines = await promptSendNow(running.app, world.pairing.relayAddress, poll);
    expect(lines.filter((l) => l.includes(': sent ('))).toHaveLength(2);
    const mails = (await outboxTo(world.mentee.email)).filter((m) =>
      m.parsed.subject?.includes(findPrompt(poll)!.title),
    );
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.text).toContain(findPrompt(poll)!.pollOptions![0]);
  });

  it('sends a digest now, again on a second request, through the weekly digest composer', async () => {
    const first = await digestSendNow(running.app, world.mentee.email.toUpperCase());
    expect(first[1]).toMatch(new RegExp(`^  digest to ${world.mentee.email}: sent \\(.+\\.eml\\)$`));
    const second = await digestSendNow(running.app, world.mentee.email);
    expect(second[1]).toMatch(/: sent \(/);
    const digests = await db.getRepository(Delivery).findBy({ recipientId: world.mentee.id, kind: 'digest' });
    expect(digests.map((d) => [d.status, d.templateName])).toEqual([
      ['sent', 'digest-weekly'],
      ['sent', 'digest-weekly'],
    ]);
  });

  it('names what is wrong: an unknown pairing, prompt or participant, a paused pairing', async () => {
    await expect(promptSendNow(running.app, 'nobody-x@relay.localhost', prompt)).rejects.toThrow(
      'No pairing has the relay address nobody-x@relay.localhost.',
    );
    await expect(promptSendNow(running.app, world.pairing.relayAddress, 'no-such-prompt')).rejects.toThrow(
      new RegExp(`^No prompt "no-such-prompt"\\. Prompt keys: .*${prompt}`),
    );
    await expect(digestSendNow(running.app, 'who@nowhere.example')).rejects.toThrow(
      'No participant has the address who@nowhere.example.',
    );
    const paused = await createPairingWorld(running.app, { programme: world.programme });
    await running.app.get(PairingAdminService).act(paused.pairing.id, 'pause');
    await expect(promptSendNow(running.app, paused.pairing.relayAddress, prompt)).rejects.toThrow(
      /is paused: resume it in the admin view first/,
    );
    await expect(digestSendNow(running.app, paused.mentee.email)).rejects.toThrow(
      /in no active pairing \(paused\)/,
    );
  });
});
