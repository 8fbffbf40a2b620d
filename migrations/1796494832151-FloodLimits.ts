import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Flood and loop limits. Each programme gets its own limits (defaults: a sender 30 emails, a
 * pairing 60, a back-and-forth between the same two addresses 20, all per 10 minutes). Inbound
 * emails record the address the limits count (`sender`: the envelope sender, else the header
 * From) and are indexed by sender and by recipient (relay address) over time, so the counts are
 * index range scans in PostgreSQL, shared by every process.
 */
export class FloodLimits1796494832151 implements MigrationInterface {
  name = 'FloodLimits1796494832151';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "programmes"
         ADD "sender_limit" integer NOT NULL DEFAULT 30,
         ADD "pairing_limit" integer NOT NULL DEFAULT 60,
         ADD "loop_limit" integer NOT NULL DEFAULT 20,
         ADD "flood_window_minutes" integer NOT NULL DEFAULT 10`,
    );
    await queryRunner.query(`ALTER TABLE "inbound_emails" ADD "sender" text`);
    await queryRunner.query(
      `CREATE INDEX "IDX_inbound_emails_sender_received" ON "inbound_emails" ("sender", "received_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_inbound_emails_recipient_received" ON "inbound_emails" ("recipient", "received_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_inbound_emails_recipient_received"`);
    await queryRunner.query(`DROP INDEX "IDX_inbound_emails_sender_received"`);
    await queryRunner.query(`ALTER TABLE "inbound_emails" DROP COLUMN "sender"`);
    await queryRunner.query(
      `ALTER TABLE "programmes" DROP COLUMN "sender_limit", DROP COLUMN "pairing_limit",
         DROP COLUMN "loop_limit", DROP COLUMN "flood_window_minutes"`,
    );
  }
}
