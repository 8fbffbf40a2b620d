import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PairingWorld } from '../factories/pairing.factory';

export const DAY = 86_400_000;
export const plus = (at: Date, days: number, ms = 0) => new Date(at.getTime() + days * DAY + ms);

/** A welcome (or prompt) delivery that really went out at `at`, as the outbox leaves it. */
export async function sentWelcome(db: DataSource, w: PairingWorld, at: Date | null, kind = 'welcome'): Promise<void> {
  await db.query(
    `INSERT INTO deliveries (dedupe_key, kind, status, pairing_id, recipient_id, to_address, message_id, created_at, sent_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      `test:${randomUUID()}`,
      kind,
      at ? 'sent' : 'queued',
      w.pairing.id,
      w.mentee.id,
      w.mentee.email,
      randomUUID(),
      at ?? new Date(),
      at,
    ],
  );
}

/** A pulse or close-survey vote: `score` 1-5, with an optional staff-only comment. */
export async function vote(
  db: DataSource,
  w: PairingWorld,
  voterId: string,
  opts: { score: number; at: Date; key?: string; comment?: string },
): Promise<void> {
  const threadId = randomUUID();
  const messageId = randomUUID();
  const id = randomUUID();
  await db.query(
    `INSERT INTO threads (id, pairing_id, subject, normalized_subject, created_at, last_message_at)
     VALUES ($1, $2, 'Pulse', 'pulse', $3, $3)`,
    [threadId, w.pairing.id, opts.at],
  );
  await db.query(
    `INSERT INTO messages (id, thread_id, pairing_id, kind, author_id, new_text, subject, message_id, created_at)
     VALUES ($1, $2, $3, 'prompt', NULL, 'Pulse', 'Pulse', $4, $5)`,
    [messageId, threadId, w.pairing.id, `${messageId}@relay.localhost`, opts.at],
  );
  await db.query(
    `INSERT INTO pairing_prompts (id, pairing_id, week, item, prompt_key, title, thread_id, message_row_id,
                                  poll_options, issued_at, created_at)
     VALUES ($1, $2, $3, 0, $4, 'Pulse check', $5, $6, $7, $8, $8)`,
    [
      id,
      w.pairing.id,
      Math.floor(Math.random() * 1e6) + 100,
      opts.key ?? 'pulse-score',
      threadId,
      messageId,
      JSON.stringify(['1', '2', '3', '4', '5']),
      opts.at,
    ],
  );
  await db.query(
    `INSERT INTO poll_votes (pairing_prompt_id, participant_id, option_index, voted_at, comment)
     VALUES ($1, $2, $3, $4, $5)`,
    [id, voterId, opts.score - 1, opts.at, opts.comment ?? null],
  );
}

/** An inbound email of the pairing held for staff review. */
export async function held(db: DataSource, w: PairingWorld, at: Date): Promise<void> {
  await db.query(
    `INSERT INTO inbound_emails (source, recipient, raw, size, status, reason, from_address, subject, pairing_id, received_at)
     VALUES ('smtp', $1, convert_to('Subject: hi', 'UTF8'), 11, 'held', 'authentication_failed', $2, 'hi', $3, $4)`,
    [w.pairing.relayAddress, w.mentee.email, w.pairing.id, at],
  );
}
