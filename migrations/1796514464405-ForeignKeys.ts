import type { MigrationInterface, QueryRunner } from 'typeorm';

type OnDelete = 'CASCADE' | 'SET NULL';

/**
 * [table, column, referenced table, ON DELETE], parents before children: deleting a parent's
 * orphans first leaves its own children dangling, and they are cleaned up further down the list.
 */
export const FOREIGN_KEYS: readonly [string, string, string, OnDelete][] = [
  ['inbound_emails', 'pairing_id', 'pairings', 'CASCADE'],
  ['inbound_emails', 'duplicate_of', 'inbound_emails', 'CASCADE'],
  ['messages', 'pairing_id', 'pairings', 'CASCADE'],
  ['messages', 'author_id', 'participants', 'CASCADE'],
  ['messages', 'inbound_email_id', 'inbound_emails', 'SET NULL'],
  ['message_id_links', 'participant_id', 'participants', 'CASCADE'],
  ['deliveries', 'pairing_id', 'pairings', 'CASCADE'],
  ['deliveries', 'recipient_id', 'participants', 'CASCADE'],
  ['deliveries', 'source_message_id', 'messages', 'CASCADE'],
  ['delivery_events', 'delivery_id', 'deliveries', 'SET NULL'],
  ['delivery_events', 'programme_id', 'programmes', 'SET NULL'],
  ['thread_views', 'pairing_id', 'pairings', 'CASCADE'],
  ['schedules', 'participant_id', 'participants', 'CASCADE'],
  ['schedules', 'pairing_id', 'pairings', 'CASCADE'],
  ['pairing_prompts', 'pairing_id', 'pairings', 'CASCADE'],
  ['pairing_prompts', 'thread_id', 'threads', 'CASCADE'],
  ['pairing_prompts', 'message_row_id', 'messages', 'CASCADE'],
  ['pairing_prompts', 'swapped_for', 'participants', 'CASCADE'],
  ['poll_votes', 'pairing_prompt_id', 'pairing_prompts', 'CASCADE'],
  ['poll_votes', 'participant_id', 'participants', 'CASCADE'],
  ['prompt_answers', 'participant_id', 'participants', 'CASCADE'],
  ['letters', 'pairing_prompt_id', 'pairing_prompts', 'CASCADE'],
  ['letters', 'participant_id', 'participants', 'CASCADE'],
  ['letters', 'pairing_id', 'pairings', 'CASCADE'],
  ['video_checkins', 'pairing_prompt_id', 'pairing_prompts', 'CASCADE'],
  ['video_checkins', 'pairing_id', 'pairings', 'CASCADE'],
  ['video_checkins', 'proposed_by', 'participants', 'CASCADE'],
  ['video_checkins', 'picked_by', 'participants', 'CASCADE'],
  ['welcomes', 'pairing_id', 'pairings', 'CASCADE'],
  ['welcomes', 'participant_id', 'participants', 'CASCADE'],
  ['pairing_tours', 'programme_id', 'programmes', 'CASCADE'],
];

/**
 * The referencing columns no index leads with, on tables that grow with mail or prompts: without
 * one, deleting a parent scans the whole child table once per parent row (a message's deliveries,
 * a participant's messages). Partial where most rows are null or the column is often null.
 */
const INDEXES: readonly [string, string, string][] = [
  ['IDX_inbound_emails_pairing', 'inbound_emails', '("pairing_id") WHERE "pairing_id" IS NOT NULL'],
  ['IDX_inbound_emails_duplicate_of', 'inbound_emails', '("duplicate_of") WHERE "duplicate_of" IS NOT NULL'],
  ['IDX_messages_author', 'messages', '("author_id") WHERE "author_id" IS NOT NULL'],
  [
    'IDX_message_id_links_participant',
    'message_id_links',
    '("participant_id") WHERE "participant_id" IS NOT NULL',
  ],
  ['IDX_deliveries_recipient', 'deliveries', '("recipient_id") WHERE "recipient_id" IS NOT NULL'],
  [
    'IDX_deliveries_source_message',
    'deliveries',
    '("source_message_id") WHERE "source_message_id" IS NOT NULL',
  ],
  ['IDX_delivery_events_delivery', 'delivery_events', '("delivery_id") WHERE "delivery_id" IS NOT NULL'],
  ['IDX_pairing_prompts_thread', 'pairing_prompts', '("thread_id")'],
  ['IDX_pairing_prompts_message', 'pairing_prompts', '("message_row_id")'],
  ['IDX_pairing_prompts_swapped_for', 'pairing_prompts', '("swapped_for") WHERE "swapped_for" IS NOT NULL'],
  ['IDX_poll_votes_participant', 'poll_votes', '("participant_id")'],
];

export const fkName = (table: string, column: string): string => `fk_${table}_${column}`;

/**
 * Foreign keys for every id column that had none (see README, "Schema", for the few left out).
 *
 * ON DELETE: no code path deletes a programme, pairing, participant, message or inbound email;
 * a deletion is an operator's (an erasure request, a test programme removed). It takes with it what
 * belongs to the parent, as the first migration's keys already do from programmes down to
 * message_id_links: a pairing's mail, prompts, schedules and deliveries, a participant's
 * messages, votes, letters and the mail sent to them. Two kinds of rows outlive their parent:
 * delivery_events (SET NULL: bounces and complaints are judged per address and feed the
 * suppression list) and a message whose raw inbound email is deleted (SET NULL: the conversation
 * stays).
 *
 * Orphans: a production database can hold rows whose parent was deleted by hand. Each is treated
 * as if the key had existed when its parent went: the ON DELETE action is applied now (CASCADE
 * deletes the row, SET NULL clears the column), so the key then holds for every row, not only
 * new ones, and the database looks as it would had the key always been there.
 *
 * Locking: each key is added NOT VALID (checks new rows at once, needs no scan under the table
 * lock) and validated by the next migration in a transaction of its own, which scans without
 * blocking writes. The supporting indexes are built here, in the transaction (plain CREATE INDEX
 * blocks writes to its table while it builds; CONCURRENTLY cannot run in a transaction).
 */
export class ForeignKeys1796514464405 implements MigrationInterface {
  name = 'ForeignKeys1796514464405';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column, target, onDelete] of FOREIGN_KEYS) {
      const dangling = `"${column}" IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM "${target}" p WHERE p."id" = "${table}"."${column}")`;
      await queryRunner.query(
        onDelete === 'CASCADE'
          ? `DELETE FROM "${table}" WHERE ${dangling}`
          : `UPDATE "${table}" SET "${column}" = NULL WHERE ${dangling}`,
      );
    }
    for (const [name, table, definition] of INDEXES) {
      await queryRunner.query(`CREATE INDEX "${name}" ON "${table}" ${definition}`);
    }
    for (const [table, column, target, onDelete] of FOREIGN_KEYS) {
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${fkName(table, column)}" FOREIGN KEY ("${column}")
           REFERENCES "${target}"("id") ON DELETE ${onDelete} NOT VALID`,
      );
    }
    // The one key an earlier migration left to PostgreSQL to name.
    await queryRunner.query(
      `ALTER TABLE "prompt_answers" RENAME CONSTRAINT "prompt_answers_pairing_prompt_id_fkey"
         TO "fk_prompt_answers_pairing_prompt_id"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "prompt_answers" RENAME CONSTRAINT "fk_prompt_answers_pairing_prompt_id"
         TO "prompt_answers_pairing_prompt_id_fkey"`,
    );
    for (const [table, column] of [...FOREIGN_KEYS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${fkName(table, column)}"`);
    }
    for (const [name] of INDEXES) await queryRunner.query(`DROP INDEX "${name}"`);
  }
}
