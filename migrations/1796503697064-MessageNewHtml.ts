import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The new part of a reply as sanitised HTML, cut from the email's HTML part: the relay sends it
 * (links, lists, emphasis and inline images arrive as written) and staff can see it. Null when the
 * email had no HTML part or the reply was not found in it; the relay then builds HTML from the text.
 */
export class MessageNewHtml1796503697064 implements MigrationInterface {
  name = 'MessageNewHtml1796503697064';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "new_html" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "new_html"`);
  }
}
