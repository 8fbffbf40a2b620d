import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Screening before activation (youth programmes): staff record a mentor's background check and
 * training, and when they last cleared either; a programme asks for both by default when it asks
 * a guardian's consent (`screening_required` null), or as staff choose. Nothing is backfilled:
 * nobody's check is recorded until staff record it.
 */
export class MentorScreening1797800000000 implements MigrationInterface {
  name = 'MentorScreening1797800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE participants ADD COLUMN background_checked_at timestamptz,
         ADD COLUMN trained_at timestamptz, ADD COLUMN screening_cleared_at timestamptz`,
    );
    await queryRunner.query(`ALTER TABLE programmes ADD COLUMN screening_required boolean`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE programmes DROP COLUMN screening_required`);
    await queryRunner.query(
      `ALTER TABLE participants DROP COLUMN background_checked_at, DROP COLUMN trained_at,
         DROP COLUMN screening_cleared_at`,
    );
  }
}
