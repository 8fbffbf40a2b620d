import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Durable prompt and digest schedules, issued prompts (one thread each) and poll votes. */
export class PromptSchedules1795865163268 implements MigrationInterface {
  name = 'PromptSchedules1795865163268';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "schedules" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "participant_id" uuid NOT NULL, "pairing_id" uuid NOT NULL, "stream" text NOT NULL, "next_run_at" TIMESTAMP WITH TIME ZONE, "week" integer NOT NULL DEFAULT '1', "item" integer NOT NULL DEFAULT '0', "week_start" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_schedules_participant_stream" UNIQUE ("participant_id", "stream"), CONSTRAINT "PK_schedules" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_schedules_due" ON "schedules" ("stream", "next_run_at")`);
    await queryRunner.query(
      `CREATE TABLE "pairing_prompts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pairing_id" uuid NOT NULL, "week" integer NOT NULL, "item" integer NOT NULL, "prompt_key" text NOT NULL, "title" text NOT NULL, "thread_id" uuid NOT NULL, "message_row_id" uuid NOT NULL, "poll_options" jsonb, "poll_closes_at" TIMESTAMP WITH TIME ZONE, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_pairing_prompts_step" UNIQUE ("pairing_id", "week", "item"), CONSTRAINT "PK_pairing_prompts" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_pairing_prompts_pairing" ON "pairing_prompts" ("pairing_id", "created_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "poll_votes" ("pairing_prompt_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "option_index" integer NOT NULL, "voted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_poll_votes" PRIMARY KEY ("pairing_prompt_id", "participant_id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "poll_votes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_pairing_prompts_pairing"`);
    await queryRunner.query(`DROP TABLE "pairing_prompts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_schedules_due"`);
    await queryRunner.query(`DROP TABLE "schedules"`);
  }
}
