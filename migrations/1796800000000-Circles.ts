import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Circles (group mentoring): a pairing of kind 'circle' has a name (its From reads
 * "<author> via <name>"), one or two leads and up to 12 members. A member who leaves keeps their
 * row (their past messages still have an author) with `left_at`; a muted one keeps getting the
 * circle's mail but their own is held for staff (`muted_at`).
 */
export class Circles1796800000000 implements MigrationInterface {
  name = 'Circles1796800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE pairings ADD COLUMN kind text NOT NULL DEFAULT 'pair'`);
    await queryRunner.query(`ALTER TABLE pairings ADD COLUMN name text`);
    await queryRunner.query(
      `ALTER TABLE pairings ADD CONSTRAINT "CHK_pairings_kind" CHECK (kind IN ('pair', 'circle'))`,
    );
    await queryRunner.query(
      `ALTER TABLE pairings ADD CONSTRAINT "CHK_pairings_circle_name"
         CHECK (kind = 'pair' OR (name IS NOT NULL AND length(btrim(name)) BETWEEN 1 AND 80))`,
    );
    await queryRunner.query(`ALTER TABLE pairing_members ADD COLUMN left_at timestamptz`);
    await queryRunner.query(`ALTER TABLE pairing_members ADD COLUMN muted_at timestamptz`);
    await queryRunner.query(
      `ALTER TABLE pairing_members ADD CONSTRAINT "CHK_pairing_members_role" CHECK (role IN ('mentor', 'mentee'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE pairing_members DROP CONSTRAINT "CHK_pairing_members_role"`);
    await queryRunner.query(`ALTER TABLE pairing_members DROP COLUMN muted_at`);
    await queryRunner.query(`ALTER TABLE pairing_members DROP COLUMN left_at`);
    await queryRunner.query(`ALTER TABLE pairings DROP CONSTRAINT "CHK_pairings_circle_name"`);
    await queryRunner.query(`ALTER TABLE pairings DROP CONSTRAINT "CHK_pairings_kind"`);
    await queryRunner.query(`ALTER TABLE pairings DROP COLUMN name`);
    await queryRunner.query(`ALTER TABLE pairings DROP COLUMN kind`);
  }
}
