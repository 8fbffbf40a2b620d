import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A prompt schedule per person and pairing (a person in a pair and a circle follows both
 * curricula; the tick keeps them to one prompt email per slot), the digest still one per person.
 * `last_sent_at`: when this row last sent a prompt, which is how the tick sees that a person's
 * slot is taken by another of their pairings.
 */
export class PromptSchedulePerPairing1796541683627 implements MigrationInterface {
  name = 'PromptSchedulePerPairing1796541683627';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "schedules" DROP CONSTRAINT "UQ_schedules_participant_stream"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_schedules_prompt_participant_pairing" ON "schedules" ("participant_id", "pairing_id") WHERE stream = 'prompt'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_schedules_digest_participant" ON "schedules" ("participant_id") WHERE stream = 'digest'`,
    );
    await queryRunner.query(`ALTER TABLE "schedules" ADD COLUMN "last_sent_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "schedules" DROP COLUMN "last_sent_at"`);
    // Back to one row per person and stream: the newer pairing's extra prompt rows go.
    await queryRunner.query(
      `DELETE FROM "schedules" s USING "schedules" o
        WHERE s.stream = o.stream AND s.participant_id = o.participant_id AND s.created_at > o.created_at`,
    );
    await queryRunner.query(`DROP INDEX "public"."UQ_schedules_digest_participant"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_schedules_prompt_participant_pairing"`);
    await queryRunner.query(
      `ALTER TABLE "schedules" ADD CONSTRAINT "UQ_schedules_participant_stream" UNIQUE ("participant_id", "stream")`,
    );
  }
}
