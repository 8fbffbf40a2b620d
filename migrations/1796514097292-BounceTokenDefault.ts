import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The same 80 bits for `deliveries.bounce_token`, hashed from the uuid's 16 bytes (`uuid_send`)
 * instead of its text. The old expression's `::text::bytea` casts are dropped when TypeORM reads a
 * default back, so no entity could declare it and the schema builder always wanted to drop it;
 * this one has no cast but the literal's, which TypeORM reads back as written in the entity.
 */
export class BounceTokenDefault1796514097292 implements MigrationInterface {
  name = 'BounceTokenDefault1796514097292';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "deliveries" ALTER COLUMN "bounce_token"
         SET DEFAULT substr(encode(sha256(uuid_send(gen_random_uuid())), 'hex'), 1, 20)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "deliveries" ALTER COLUMN "bounce_token"
         SET DEFAULT substr(encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 1, 20)`,
    );
  }
}
