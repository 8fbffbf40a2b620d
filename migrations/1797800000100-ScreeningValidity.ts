import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How long a mentor's recorded background check and training stay valid in a programme (months;
 * null: they do not lapse). The schedule tick clears a record that has lapsed, as staff clearing
 * it would.
 */
export class ScreeningValidity1797800000100 implements MigrationInterface {
  name = 'ScreeningValidity1797800000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE programmes ADD COLUMN screening_valid_months smallint,
         ADD CONSTRAINT "CHK_programmes_screening_valid_months" CHECK (screening_valid_months BETWEEN 1 AND 120)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE programmes DROP CONSTRAINT "CHK_programmes_screening_valid_months",
         DROP COLUMN screening_valid_months`,
    );
  }
}
