import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The staff work queue and nudges. Per-programme thresholds of the attention signals and of the
 * reply nudge; a pairing's history of staff actions (`pairing_actions`, which also holds the
 * resolve and snooze states the queue reads); one row per person and unanswered message they
 * were nudged about (`nudges`); a staff setting for the weekly digest.
 */
export class WorkQueue1796915160000 implements MigrationInterface {
  name = 'WorkQueue1796915160000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE programmes
        ADD COLUMN first_exchange_days integer NOT NULL DEFAULT 10,
        ADD COLUMN owed_reply_days integer NOT NULL DEFAULT 14,
        ADD COLUMN one_sided_messages integer NOT NULL DEFAULT 3,
        ADD COLUMN low_score integer NOT NULL DEFAULT 2,
        ADD COLUMN silence_days integer NOT NULL DEFAULT 21,
        ADD COLUMN nudge_after_days integer NOT NULL DEFAULT 4,
        ADD COLUMN nudge_max integer NOT NULL DEFAULT 2,
        ADD CONSTRAINT "CHK_programmes_attention_thresholds" CHECK (
          first_exchange_days > 0 AND owed_reply_days > 0 AND one_sided_messages > 1
          AND low_score BETWEEN 1 AND 5 AND silence_days > 0 AND nudge_after_days > 0 AND nudge_max >= 0)`);
    await queryRunner.query(`ALTER TABLE staff_users ADD COLUMN weekly_digest boolean NOT NULL DEFAULT true`);
    await queryRunner.query(`
      CREATE TABLE pairing_actions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pairing_id uuid NOT NULL,
        staff_id uuid,
        participant_id uuid,
        action text NOT NULL,
        signal text,
        note text,
        snoozed_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_pairing_actions_action" CHECK (action IN
          ('resolve', 'snooze', 'write', 'pause', 'resume', 'end', 'nudge', 'nudges_unanswered'))
      )`);
    await queryRunner.query(
      `ALTER TABLE pairing_actions ADD CONSTRAINT "fk_pairing_actions_pairing_id" FOREIGN KEY (pairing_id) REFERENCES pairings(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE pairing_actions ADD CONSTRAINT "fk_pairing_actions_staff_id" FOREIGN KEY (staff_id) REFERENCES staff_users(id) ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE pairing_actions ADD CONSTRAINT "fk_pairing_actions_participant_id" FOREIGN KEY (participant_id) REFERENCES participants(id) ON DELETE SET NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_pairing_actions_pairing" ON pairing_actions (pairing_id, created_at)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_pairing_actions_staff" ON pairing_actions (staff_id) WHERE staff_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_pairing_actions_participant" ON pairing_actions (participant_id) WHERE participant_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE nudges (
        pairing_id uuid NOT NULL,
        participant_id uuid NOT NULL,
        owed_since timestamptz NOT NULL,
        sent integer NOT NULL DEFAULT 0,
        last_sent_at timestamptz,
        alerted_at timestamptz,
        PRIMARY KEY (pairing_id, participant_id, owed_since)
      )`);
    await queryRunner.query(
      `ALTER TABLE nudges ADD CONSTRAINT "fk_nudges_pairing_id" FOREIGN KEY (pairing_id) REFERENCES pairings(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE nudges ADD CONSTRAINT "fk_nudges_participant_id" FOREIGN KEY (participant_id) REFERENCES participants(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_nudges_participant" ON nudges (participant_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE nudges`);
    await queryRunner.query(`DROP TABLE pairing_actions`);
    await queryRunner.query(`ALTER TABLE staff_users DROP COLUMN weekly_digest`);
    await queryRunner.query(`
      ALTER TABLE programmes DROP CONSTRAINT "CHK_programmes_attention_thresholds",
        DROP COLUMN first_exchange_days, DROP COLUMN owed_reply_days, DROP COLUMN one_sided_messages,
        DROP COLUMN low_score, DROP COLUMN silence_days, DROP COLUMN nudge_after_days, DROP COLUMN nudge_max`);
  }
}
