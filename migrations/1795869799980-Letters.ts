import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Letters to one's future self, kept out of the relay and returned later (src/prompts/letters). */
export class Letters1795869799980 implements MigrationInterface {
  name = 'Letters1795869799980';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "letters" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "participant_id" uuid NOT NULL, "pairing_id" uuid NOT NULL, "pairing_prompt_id" uuid NOT NULL, "text" text NOT NULL, "written_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_letters_prompt_participant" UNIQUE ("pairing_prompt_id", "participant_id"), CONSTRAINT "PK_bf70c41d26aa84cf2651d571889" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "letters"`);
  }
}
