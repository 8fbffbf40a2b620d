import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which staff coordinate which programme: their weekly digest covers those programmes only. A
 * staff member linked to none (a small team, or an administrator) keeps seeing every programme.
 */
export class ProgrammeCoordinators1797100000000 implements MigrationInterface {
  name = 'ProgrammeCoordinators1797100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE programme_coordinators (
        programme_id uuid NOT NULL,
        staff_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (programme_id, staff_id)
      )`);
    await queryRunner.query(
      `ALTER TABLE programme_coordinators ADD CONSTRAINT "fk_programme_coordinators_programme_id" FOREIGN KEY (programme_id) REFERENCES programmes(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE programme_coordinators ADD CONSTRAINT "fk_programme_coordinators_staff_id" FOREIGN KEY (staff_id) REFERENCES staff_users(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_programme_coordinators_staff" ON programme_coordinators (staff_id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE programme_coordinators`);
  }
}
