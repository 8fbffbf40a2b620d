import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Raw inbound mail and message bodies are compressed with lz4 instead of pglz: every inbound
 * email is stored and read back once, and pglz cost PostgreSQL more CPU than the rest of the
 * email's statements. Values already stored keep their compression. A server built without lz4
 * keeps pglz: slower, never wrong, so the migration does not stop a deployment over it.
 */
export class InboundRawLz41795870000000 implements MigrationInterface {
  name = 'InboundRawLz41795870000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const [{ lz4 }] = (await queryRunner.query(
      `SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    )) as { lz4: boolean }[];
    if (!lz4) return;
    await queryRunner.query(`ALTER TABLE "inbound_emails" ALTER COLUMN "raw" SET COMPRESSION lz4`);
    await queryRunner.query(
      `ALTER TABLE "messages" ALTER COLUMN "new_text" SET COMPRESSION lz4, ALTER COLUMN "quoted_text" SET COMPRESSION lz4, ALTER COLUMN "full_text" SET COMPRESSION lz4, ALTER COLUMN "html" SET COMPRESSION lz4`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inbound_emails" ALTER COLUMN "raw" SET COMPRESSION pglz`);
    await queryRunner.query(
      `ALTER TABLE "messages" ALTER COLUMN "new_text" SET COMPRESSION pglz, ALTER COLUMN "quoted_text" SET COMPRESSION pglz, ALTER COLUMN "full_text" SET COMPRESSION pglz, ALTER COLUMN "html" SET COMPRESSION pglz`,
    );
  }
}
