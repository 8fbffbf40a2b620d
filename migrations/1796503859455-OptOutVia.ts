import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a participant stopped prompts and digests (#stop, the unsubscribe link, a complaint), beside
 * when: staff see both, and #resume clears both.
 */
export class OptOutVia1796503859455 implements MigrationInterface {
  name = 'OptOutVia1796503859455';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participants" ADD "prompts_stopped_via" text`);
    // Stops recorded before this column: a complaint or a command/link, no longer knowable.
    await queryRunner.query(
      `UPDATE "participants" SET "prompts_stopped_via" = 'unknown' WHERE "prompts_stopped_at" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participants" DROP COLUMN "prompts_stopped_via"`);
  }
}
