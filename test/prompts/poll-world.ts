import type { INestApplicationContext } from '@nestjs/common';
import { Transactor } from '../../src/database/transactor';
import { OutboxService } from '../../src/outbound/outbox.service';
import { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import type { Slot } from '../../src/prompts/schedule/prompt-plan';
import type { PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { waitFor } from '../support/wait-for';

/** Issues a library poll to both members of the world's pairing now and returns what each got. */
export async function issuePoll(
  app: INestApplicationContext,
  outboxDir: string,
  world: PairingWorld,
  opts: { promptKey: string; week: number; now: Date },
): Promise<{ issued: PairingPrompt; mentor: OutboxEmail; mentee: OutboxEmail }> {
  const issuer = app.get(PromptIssuer);
  const slot: Slot = { week: opts.week, item: 0, weekStart: '2026-01-01', at: opts.now };
  const deliveries = await app
    .get(Transactor)
    .run(async (tx) => [
      ...(await issuer.issue(
        tx,
        { participantId: world.mentor.id, pairingId: world.pairing.id, email: world.mentor.email },
        slot,
        opts.promptKey,
        opts.now,
      )),
      ...(await issuer.issue(
        tx,
        { participantId: world.mentee.id, pairingId: world.pairing.id, email: world.mentee.email },
        slot,
        opts.promptKey,
        opts.now,
      )),
    ]);
  await app.get(OutboxService).enqueue(deliveries);
  const issued = await app
    .get(Transactor)
    .manager.findOneByOrFail(PairingPrompt, { pairingId: world.pairing.id, week: opts.week, item: 0 });
  const mailTo = (address: string) =>
    waitFor(async () =>
      (await readOutbox(outboxDir)).find(
        (m) =>
          toAddress(m.parsed) === address &&
          /^Quick poll:/.test(m.parsed.subject ?? '') &&
          m.raw.includes(issued.title),
      ),
    );
  return { issued, mentor: await mailTo(world.mentor.email), mentee: await mailTo(world.mentee.email) };
}
