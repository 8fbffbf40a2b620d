import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff move or cancel a topic call: `sequence` versions the one calendar event (RFC 5545
 * SEQUENCE, one more for each change, the UID unchanged), `cancelled_at` ends it (no reminder,
 * a METHOD:CANCEL to its members).
 */
export class RoomCallChanges1796900000100 implements MigrationInterface {
  name = 'RoomCallChanges1796900000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE room_calls ADD COLUMN sequence integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE room_calls ADD COLUMN cancelled_at timestamptz`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE room_calls DROP COLUMN cancelled_at`);
    await queryRunner.query(`ALTER TABLE room_calls DROP COLUMN sequence`);
  }
}
