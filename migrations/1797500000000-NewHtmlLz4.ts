import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `messages.new_html` (the new part of an HTML reply, added after InboundRawLz4) was left with
 * PostgreSQL's default compression, pglz, while the other bodies of a message use lz4: for 182
 * real-world emails of 4 to 200 KB (21.7 KB on average, ../shared/corpus/mime), storing each five
 * times took 343 ms with pglz and 150 ms with lz4, about the same size on disk. It follows the others
 * now, under the same rule: a server built without lz4 keeps pglz.
 */
export class NewHtmlLz41797500000000 implements MigrationInterface {
  name = 'NewHtmlLz41797500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ lz4 }] = (await queryRunner.query(
      `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    )) as { lz4: boolean }[];
    if (lz4) await queryRunner.query(`ALTER TABLE "messages" ALTER COLUMN "new_html" SET COMPRESSION lz4`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ALTER COLUMN "new_html" SET COMPRESSION pglz`);
  }
}
