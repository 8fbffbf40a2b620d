import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "At most one notice per address and reason per 24 hours", held by the database: one row per
 * (address, reason) with the time of the last notice, claimed by a conditional upsert in the
 * notice's own transaction, so concurrent transactions and a batch cannot both pass a check.
 * The address is kept as a SHA-256 of its lower-cased form: this table needs no real address.
 * Seeded from the notices of the last 24 hours, so the promise holds across the upgrade.
 */
export class NoticeWindows1796508874363 implements MigrationInterface {
  name = 'NoticeWindows1796508874363';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notice_windows" (
         "address_hash" text NOT NULL,
         "reason" text NOT NULL,
         "last_at" timestamptz NOT NULL,
         CONSTRAINT "PK_notice_windows" PRIMARY KEY ("address_hash", "reason"))`,
    );
    await queryRunner.query(
      `INSERT INTO "notice_windows" ("address_hash", "reason", "last_at")
       SELECT encode(sha256(convert_to(lower(to_address), 'UTF8')), 'hex'), payload->>'reason', max(created_at)
         FROM deliveries
        WHERE kind = 'notice' AND payload->>'reason' IS NOT NULL
          AND created_at > now() - interval '24 hours'
        GROUP BY 1, 2`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "notice_windows"`);
  }
}
