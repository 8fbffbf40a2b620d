import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The video check-in of one issued prompt: the times the mentor proposed (instants), their note
 * and video link, and the mentee's pick. `round` counts proposals and `picks` picks: a newer
 * proposal or pick supersedes the emails of an older one, and `picks` is the invitation's
 * SEQUENCE (plus one), so calendars update the one event.
 */
export class VideoCheckins1796504255115 implements MigrationInterface {
  name = 'VideoCheckins1796504255115';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "video_checkins" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pairing_prompt_id" uuid NOT NULL, "pairing_id" uuid NOT NULL, "proposed_by" uuid NOT NULL, "slots" TIMESTAMP WITH TIME ZONE array NOT NULL, "note" text NOT NULL DEFAULT '', "video_link" text, "round" integer NOT NULL DEFAULT 1, "picks" integer NOT NULL DEFAULT 0, "picked_index" integer, "picked_by" uuid, "picked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_video_checkins_prompt" UNIQUE ("pairing_prompt_id"), CONSTRAINT "PK_video_checkins" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "video_checkins"`);
  }
}
