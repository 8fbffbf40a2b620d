import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The files left out of a message (name, type and the policy's reason), so the partner's copy
 * can say that an attachment was not passed on, rather than let it vanish silently.
 */
export class MessageDroppedAttachments1796504584471 implements MigrationInterface {
  name = 'MessageDroppedAttachments1796504584471';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "dropped_attachments" jsonb NOT NULL DEFAULT '[]'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "dropped_attachments"`);
  }
}
