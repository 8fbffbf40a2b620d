import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff edit and remove participants, and youth programmes filter contact details.
 * - `participants.removed_at`: the one fact kept of a person removed with their data.
 * - `programmes.contact_filter`: null follows the programme (on when it asks guardian consent,
 *   i.e. has a `consent_age`), true or false is staff's choice; `contact_allow` lists domains and
 *   exact values the filter lets through (the programme's own video domain); `filter_keywords`
 *   are words that hold a message too.
 * - `staff_audit`: what staff changed (participant edits and removals, moderation decisions), by
 *   whom and when; never the values themselves, so a removal leaves nothing of the person here.
 */
export class PeopleAndSafeguarding1797016150000 implements MigrationInterface {
  name = 'PeopleAndSafeguarding1797016150000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE participants ADD COLUMN removed_at timestamptz`);
    await queryRunner.query(`ALTER TABLE programmes ADD COLUMN contact_filter boolean`);
    await queryRunner.query(`ALTER TABLE programmes ADD COLUMN contact_allow text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE programmes ADD COLUMN filter_keywords text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      CREATE TABLE staff_audit (
        id bigserial PRIMARY KEY,
        staff_id uuid,
        programme_id uuid NOT NULL,
        participant_id uuid,
        inbound_email_id uuid,
        action text NOT NULL,
        detail text NOT NULL DEFAULT '',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `ALTER TABLE staff_audit ADD CONSTRAINT "fk_staff_audit_staff_id" FOREIGN KEY (staff_id) REFERENCES staff_users(id) ON DELETE SET NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE staff_audit ADD CONSTRAINT "fk_staff_audit_programme_id" FOREIGN KEY (programme_id) REFERENCES programmes(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE staff_audit ADD CONSTRAINT "fk_staff_audit_participant_id" FOREIGN KEY (participant_id) REFERENCES participants(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE staff_audit ADD CONSTRAINT "fk_staff_audit_inbound_email_id" FOREIGN KEY (inbound_email_id) REFERENCES inbound_emails(id) ON DELETE SET NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_staff_audit_programme" ON staff_audit (programme_id, at)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_staff_audit_participant" ON staff_audit (participant_id) WHERE participant_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_staff_audit_staff" ON staff_audit (staff_id) WHERE staff_id IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_staff_audit_inbound" ON staff_audit (inbound_email_id) WHERE inbound_email_id IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE staff_audit`);
    await queryRunner.query(`ALTER TABLE programmes DROP COLUMN filter_keywords`);
    await queryRunner.query(`ALTER TABLE programmes DROP COLUMN contact_allow`);
    await queryRunner.query(`ALTER TABLE programmes DROP COLUMN contact_filter`);
    await queryRunner.query(`ALTER TABLE participants DROP COLUMN removed_at`);
  }
}
