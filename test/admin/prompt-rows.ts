import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { PairingWorld } from '../factories/pairing.factory';

const DAY = 86_400_000;
export const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

/**
 * An issued prompt as the schedule tick leaves it: its own thread, the `prompt` message, the
 * pairing_prompts row, and a prompt delivery per member with the given states.
 */
export async function issuePrompt(
  db: DataSource,
  w: PairingWorld,
  opts: { week: number; at: Date; poll?: string[]; mentor?: string; mentee?: string },
): Promise<{ id: string; threadId: string }> {
  const threadId = randomUUID();
  const messageId = randomUUID();
  const id = randomUUID();
  const subject = `Week ${opts.week} prompt`;
  await db.query(
    `INSERT INTO threads (id, pairing_id, subject, normalized_subject, created_at, last_message_at)
     VALUES ($1, $2, $3, lower($3), $4, $4)`,
    [threadId, w.pairing.id, subject, opts.at],
  );
  await db.query(
    `INSERT INTO messages (id, thread_id, pairing_id, kind, author_id, new_text, subject, message_id, created_at)
     VALUES ($1, $2, $3, 'prompt', NULL, 'Tell us', $4, $5, $6)`,
    [messageId, threadId, w.pairing.id, subject, `${messageId}@relay.localhost`, opts.at],
  );
  await db.query(
    `INSERT INTO pairing_prompts (id, pairing_id, week, item, prompt_key, title, thread_id, message_row_id,
                                  poll_options, issued_at, created_at)
     VALUES ($1, $2, $3, 0, 'test', $4, $5, $6, $7, $8, $8)`,
    [
      id,
      w.pairing.id,
      opts.week,
      subject,
      threadId,
      messageId,
      opts.poll ? JSON.stringify(opts.poll) : null,
      opts.at,
    ],
  );
  for (const [member, status] of [
    [w.mentor, opts.mentor ?? 'sent'],
    [w.mentee, opts.mentee ?? 'sent'],
  ] as const) {
    await db.query(
      `INSERT INTO deliveries (dedupe_key, kind, status, pairing_id, source_message_id, recipient_id, to_address,
                               message_id, created_at)
       VALUES ($1, 'prompt', $2, $3, $4, $5, $6, $7, $8)`,
      [
        `test:${id}:${member.id}`,
        status,
        w.pairing.id,
        messageId,
        member.id,
        member.email,
        randomUUID(),
        opts.at,
      ],
    );
  }
  return { id, threadId };
}

/** A relayed message by one member, in a given thread (or a fresh one). */
export async function write(
  db: DataSource,
  w: PairingWorld,
  authorId: string,
  at: Date,
  threadId?: string,
): Promise<void> {
  const thread = threadId ?? randomUUID();
  if (!threadId) {
    await db.query(
      `INSERT INTO threads (id, pairing_id, subject, normalized_subject, created_at, last_message_at)
       VALUES ($1, $2, 'Hello', 'hello', $3, $3)`,
      [thread, w.pairing.id, at],
    );
  }
  const id = randomUUID();
  await db.query(
    `INSERT INTO messages (id, thread_id, pairing_id, kind, author_id, new_text, subject, message_id, created_at)
     VALUES ($1, $2, $3, 'relay', $4, 'My answer', 'Re: prompt', $5, $6)`,
    [id, thread, w.pairing.id, authorId, `${id}@mail.example`, at],
  );
}
