import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mentor-first steps: the answers a later prompt builds on (the mentor's reply to a mentor-first
 * step, the film picked), one per person per issued prompt, the last reply counting; and a flag
 * on a schedule row held until the mentor answers, so the answer wakes only held rows.
 */
export class MentorFirstSteps1796503575637 implements MigrationInterface {
  name = 'MentorFirstSteps1796503575637';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "prompt_answers" (
         "pairing_prompt_id" uuid NOT NULL REFERENCES "pairing_prompts"("id") ON DELETE CASCADE,
         "participant_id" uuid NOT NULL,
         "text" text NOT NULL,
         "answered_at" timestamptz NOT NULL,
         CONSTRAINT "PK_prompt_answers" PRIMARY KEY ("pairing_prompt_id", "participant_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "schedules" ADD "waiting_for_mentor" boolean NOT NULL DEFAULT false`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "schedules" DROP COLUMN "waiting_for_mentor"`);
    await queryRunner.query(`DROP TABLE "prompt_answers"`);
  }
}
