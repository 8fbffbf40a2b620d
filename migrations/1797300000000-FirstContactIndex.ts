import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a pairing's first welcome or prompt went out: the health and signal reads ask it of every
 * pairing at once ("no first exchange" counts from it). From (pairing_id, created_at) each pairing's
 * tens of deliveries were read from the heap; this answers min(sent_at) from the index alone.
 */
export class FirstContactIndex1797300000000 implements MigrationInterface {
  name = 'FirstContactIndex1797300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_deliveries_first_contact" ON deliveries (pairing_id, sent_at)
       WHERE kind IN ('welcome', 'prompt') AND sent_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_deliveries_first_contact"`);
  }
}
