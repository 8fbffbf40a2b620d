import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Transactor } from '../../src/database/transactor';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import { LettersRepository } from '../../src/prompts/letters/letters.repository';
import { PROMPT_LIBRARY } from '../../src/prompts/library/prompt-library';
import { localDateOf } from '../../src/prompts/schedule/local-time';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(90_000);

const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');

/** The footer's promise: the line that starts "Who reads" or "Who got", from the text part. */
function footerOf(mail: OutboxEmail): string | undefined {
  return /^Who (?:reads|got) [^\n]*/m.exec(mail.parsed.text ?? '')?.[0].trim();
}

describe('every kind of email says truthfully who reads it (real sends)', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let world: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    world = await createPairingWorld(running.app);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  async function send(from: string, text: string): Promise<void> {
    const { raw, messageId } = buildEmail({ from, to: world.pairing.relayAddress, subject: 'Hello', text });
    const port = running.app.get(SmtpListener).port!;
    await SmtpTestClient.sendOnce(port, { from, to: [world.pairing.relayAddress], raw });
    await waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }

  /** The prompt of each kind there is, to the mentee, through the issuer the schedule uses. */
  async function issueOneOfEachKind(now: Date): Promise<Delivery[]> {
    const keys = ['prompt', 'poll', 'letter'].map((kind) => PROMPT_LIBRARY.find((p) => p.kind === kind)!.key);
    const to = { participantId: world.mentee.id, pairingId: world.pairing.id, email: world.mentee.email };
    return running.app.get(Transactor).run(async (tx) => {
      const issued: Delivery[] = [];
      for (const [i, key] of keys.entries()) {
        const slot = { week: i + 1, item: 0, weekStart: localDateOf(now, 'UTC'), at: now };
        issued.push(...(await running.app.get(PromptIssuer).issue(tx, to, slot, key, now)));
      }
      const letterPrompt = issued[2];
      await running.app.get(LettersRepository).upsert(
        {
          participantId: world.mentee.id,
          pairingId: world.pairing.id,
          pairingPromptId: String(letterPrompt.payload!.pairingPromptId),
          text: 'Dear me, keep going.',
          writtenAt: now,
        },
        tx,
      );
      const [letter] = (await tx.query(`SELECT id FROM letters WHERE participant_id = $1`, [
        world.mentee.id,
      ])) as { id: string }[];
      const more = await running.app.get(OutboxService).queueMany(tx, [
        {
          dedupeKey: 'footers:letter',
          kind: 'prompt',
          pairingId: world.pairing.id,
          recipientId: world.mentee.id,
          toAddress: world.mentee.email,
          payload: { type: 'letter', letterId: letter.id },
        },
        {
          dedupeKey: 'footers:digest',
          kind: 'digest',
          pairingId: world.pairing.id,
          recipientId: world.mentee.id,
          toAddress: world.mentee.email,
        },
      ]);
      return [...issued, ...more];
    });
  }

  it('relay, prompt, poll, letter, returned letter, digest and notices each carry their own promise', async () => {
    const deliveries = await issueOneOfEachKind(new Date());
    await running.app.get(OutboxService).enqueue(deliveries);
    await send(world.mentor.email, 'Hi Tom, how was the interview?'); // relayed to the mentee
    await send(world.mentee.email, '#help'); // a command confirmation (a notice)
    await send(world.mentee.email, ''); // nothing to relay: the empty-reply notice

    const kinds = {
      prompt:
        "Who reads your reply: Maria Mentor and your programme staff. MentorMail keeps everyone's real email address private.",
      poll: 'Who reads your answer: only your programme staff. It is not sent to Maria Mentor.',
      letter:
        'Who reads your letter: you. It is not sent to Maria Mentor; MentorMail keeps it and sends it back to you alone. Your programme staff see it only if they need to look into the email itself, as with any email sent here.',
      'letter-returned':
        'Who got this letter: only you. If you reply, your reply goes to Maria Mentor, and your programme staff can read it.',
      digest:
        'Who got this digest: only you. If you reply, your reply goes to Maria Mentor, and your programme staff can read it.',
      notice:
        'Who got this message: only you. It is an automatic message from MentorMail; nobody else got it.',
      relay: `Who reads this conversation: you, Maria Mentor and ${world.programme.name} staff.`,
    };
    const rows = await waitFor(async () => {
      const all = await db.getRepository(Delivery).findBy({ toAddress: world.mentee.email });
      const sent = all.filter((d) => d.status === 'sent');
      return sent.length >= deliveries.length + 3 && all.every((d) => d.status !== 'queued') && sent;
    });
    const byMessageId = new Map((await readOutbox(env.outboxDir)).map((m) => [bare(m.parsed.messageId), m]));
    const footers = rows.map((d) => {
      const kind = d.kind === 'relay' ? 'relay' : d.templateName;
      return [kind, footerOf(byMessageId.get(d.messageId)!)] as [string | null, string | undefined];
    });
    const pollKey = PROMPT_LIBRARY.find((p) => p.kind === 'poll')!.key;
    const letterKey = PROMPT_LIBRARY.find((p) => p.kind === 'letter')!.key;
    const promptKey = PROMPT_LIBRARY.find((p) => p.kind === 'prompt')!.key;
    expect(new Map(footers)).toEqual(
      new Map([
        [`prompt:${promptKey}`, kinds.prompt],
        [`prompt:${pollKey}`, kinds.poll],
        [`prompt:${letterKey}`, kinds.letter],
        ['letter-returned', kinds['letter-returned']],
        ['digest-weekly', kinds.digest],
        ['notice-command-confirmation', kinds.notice],
        ['notice-rejected-empty', kinds.notice],
        ['relay', kinds.relay],
      ]),
    );
  });
});
