import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enrolment by email (#14): a line saying what the programme is, for the confirmation and the
 * guardian's email, and when a person said no to the confirmation (no reminders after that).
 */
export class EnrolmentDetails1796610000000 implements MigrationInterface {
  name = 'EnrolmentDetails1796610000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE programmes ADD COLUMN description text`);
    await queryRunner.query(`ALTER TABLE participant_profiles ADD COLUMN declined_at timestamptz`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE participant_profiles DROP COLUMN declined_at`);
    await queryRunner.query(`ALTER TABLE programmes DROP COLUMN description`);
  }
}
