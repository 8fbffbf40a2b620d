import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many emails the pairing had received in its flood window when this one arrived (itself
 * included), counted by intake under the pairing's lock. The loop breaker reads it to skip its own
 * query when no loop is possible: most emails arrive far below the loop limit.
 */
export class PairingMailInWindow1796500367318 implements MigrationInterface {
  name = 'PairingMailInWindow1796500367318';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inbound_emails" ADD "pairing_mail_in_window" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "inbound_emails" DROP COLUMN "pairing_mail_in_window"`);
  }
}
