import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which process claimed a send, and whether that process is still alive. A worker killed between
 * its claim and the hand-over to the transport left the row `sending` for SEND_LEASE_MS (five
 * minutes by default) before it was queued again; with the claimant's heartbeat gone, the next
 * recovery sweep queues it at once. `claimed_by` has no foreign key: a process deletes its row
 * when it stops, and the claims it made stay as history.
 */
export class SenderProcesses1797400000000 implements MigrationInterface {
  name = 'SenderProcesses1797400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE sender_processes (
         id uuid PRIMARY KEY,
         host text NOT NULL,
         pid integer NOT NULL,
         started_at timestamptz NOT NULL DEFAULT now(),
         seen_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(`ALTER TABLE deliveries ADD claimed_by uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN claimed_by`);
    await queryRunner.query(`DROP TABLE sender_processes`);
  }
}
