import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The DNS records check behind the admin dashboard's deliverability card (src/deliverability). */
export class DnsCheckRuns1796541500000 implements MigrationInterface {
  name = 'DnsCheckRuns1796541500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE dns_check_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        checked_at timestamptz NOT NULL,
        ok boolean NOT NULL,
        domain text NOT NULL,
        records jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_dns_check_runs_checked_at" ON dns_check_runs (checked_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE dns_check_runs`);
  }
}
