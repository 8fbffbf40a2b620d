import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rematch and close (#14): a member's private rematch request (staff only), a pairing's own end
 * date and why it ended (a planned end counts as closed well in the funnel), and the answers to
 * staff's invitation to continue for another cycle.
 */
export class RematchAndClose1796700000000 implements MigrationInterface {
  name = 'RematchAndClose1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE pairings
        ADD COLUMN ends_on date,
        ADD COLUMN end_reason text,
        ADD CONSTRAINT "CHK_pairings_end_reason" CHECK (end_reason IN ('staff', 'rematch', 'planned-end'))`);
    await queryRunner.query(`
      CREATE TABLE rematch_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pairing_id uuid NOT NULL,
        participant_id uuid NOT NULL,
        inbound_email_id uuid,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        CONSTRAINT fk_rematch_requests_pairing_id FOREIGN KEY (pairing_id)
          REFERENCES pairings (id) ON DELETE CASCADE,
        CONSTRAINT fk_rematch_requests_participant_id FOREIGN KEY (participant_id)
          REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT fk_rematch_requests_inbound_email_id FOREIGN KEY (inbound_email_id)
          REFERENCES inbound_emails (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_rematch_requests_pairing" ON rematch_requests (pairing_id)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_rematch_requests_participant" ON rematch_requests (participant_id)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_rematch_requests_inbound" ON rematch_requests (inbound_email_id)
        WHERE inbound_email_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_rematch_requests_open" ON rematch_requests (created_at) WHERE resolved_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE pairing_continuations (
        pairing_id uuid NOT NULL,
        participant_id uuid NOT NULL,
        ends_on date NOT NULL,
        invited_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        PRIMARY KEY (pairing_id, participant_id),
        CONSTRAINT fk_pairing_continuations_pairing_id FOREIGN KEY (pairing_id)
          REFERENCES pairings (id) ON DELETE CASCADE,
        CONSTRAINT fk_pairing_continuations_participant_id FOREIGN KEY (participant_id)
          REFERENCES participants (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_pairing_continuations_participant" ON pairing_continuations (participant_id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE pairing_continuations`);
    await queryRunner.query(`DROP TABLE rematch_requests`);
    await queryRunner.query(`
      ALTER TABLE pairings DROP CONSTRAINT "CHK_pairings_end_reason",
        DROP COLUMN end_reason, DROP COLUMN ends_on`);
  }
}
