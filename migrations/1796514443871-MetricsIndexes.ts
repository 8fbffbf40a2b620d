import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * /metrics reads sends and feedback of the last 5 minutes to 7 days at every scrape: without these
 * each scrape would read every delivery and every feedback event ever recorded. The admin's
 * bounce and complaint rates (FeedbackRepository.ratesByProgramme) use them too.
 */
export class MetricsIndexes1796514443871 implements MigrationInterface {
  name = 'MetricsIndexes1796514443871';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "IDX_deliveries_sent_at" ON "deliveries" ("sent_at") WHERE "sent_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_delivery_events_occurred_at" ON "delivery_events" ("occurred_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_delivery_events_occurred_at"`);
    await queryRunner.query(`DROP INDEX "IDX_deliveries_sent_at"`);
  }
}
