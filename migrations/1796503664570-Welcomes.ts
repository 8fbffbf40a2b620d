import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per pairing member who was welcomed: written with the welcome's delivery, so each side
 * of a pairing is welcomed once. Members of pairings that exist already count as welcomed: a
 * "welcome" in the middle of a programme would be wrong.
 */
export class Welcomes1796503664570 implements MigrationInterface {
  name = 'Welcomes1796503664570';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "welcomes" ("pairing_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "first_prompt_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_welcomes" PRIMARY KEY ("pairing_id", "participant_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "welcomes" ("pairing_id", "participant_id") SELECT "pairing_id", "participant_id" FROM "pairing_members"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "welcomes"`);
  }
}
