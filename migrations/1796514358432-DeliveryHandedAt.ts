import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a send was handed to the transport. A worker that dies between its claim and this moment
 * sent nothing, so the recovery sweep may queue the row again; only a row handed over and never
 * recorded is `uncertain`. Rows `sending` now were claimed by code that did not record the
 * hand-over: they count as handed over, so nothing already sent can be sent twice.
 */
export class DeliveryHandedAt1796514358432 implements MigrationInterface {
  name = 'DeliveryHandedAt1796514358432';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deliveries" ADD "handed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `UPDATE "deliveries" SET "handed_at" = coalesce("sending_started_at", now()) WHERE "status" = 'sending'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "handed_at"`);
  }
}
