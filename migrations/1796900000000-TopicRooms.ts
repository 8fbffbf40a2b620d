import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Topic rooms: a pairing of kind 'room' is a circle without a curriculum, named (its From reads
 * "<author> via <name>") and keyed by `topic`, the words people write after `#join`, unique per
 * programme. Staff schedule calls for a room (`room_calls`); members answer yes or no
 * (`room_call_rsvps`), and those who said yes get a reminder the day before (`reminded_at`).
 */
export class TopicRooms1796900000000 implements MigrationInterface {
  name = 'TopicRooms1796900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE pairings DROP CONSTRAINT "CHK_pairings_kind"`);
    await queryRunner.query(
      `ALTER TABLE pairings ADD CONSTRAINT "CHK_pairings_kind" CHECK (kind IN ('pair', 'circle', 'room'))`,
    );
    await queryRunner.query(`ALTER TABLE pairings ADD COLUMN topic text`);
    await queryRunner.query(
      `ALTER TABLE pairings ADD CONSTRAINT "CHK_pairings_room_topic"
         CHECK ((kind = 'room') = (topic IS NOT NULL) AND (topic IS NULL OR topic ~ '^[a-z0-9]+( [a-z0-9]+)*$' AND length(topic) <= 60))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_pairings_room_topic" ON pairings (programme_id, topic) WHERE topic IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE room_calls (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pairing_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL,
        video_link text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        reminded_at timestamptz,
        CONSTRAINT "CHK_room_calls_duration" CHECK (duration_minutes BETWEEN 5 AND 480),
        CONSTRAINT "CHK_room_calls_video_link" CHECK (video_link ~ '^https://')
      )`);
    await queryRunner.query(
      `ALTER TABLE room_calls ADD CONSTRAINT "fk_room_calls_pairing_id" FOREIGN KEY (pairing_id) REFERENCES pairings(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_room_calls_unreminded" ON room_calls (starts_at) WHERE reminded_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_room_calls_pairing" ON room_calls (pairing_id)`);
    await queryRunner.query(`
      CREATE TABLE room_call_rsvps (
        call_id uuid NOT NULL,
        participant_id uuid NOT NULL,
        answer text NOT NULL,
        answered_at timestamptz NOT NULL,
        CONSTRAINT "PK_room_call_rsvps" PRIMARY KEY (call_id, participant_id),
        CONSTRAINT "CHK_room_call_rsvps_answer" CHECK (answer IN ('yes', 'no'))
      )`);
    await queryRunner.query(
      `ALTER TABLE room_call_rsvps ADD CONSTRAINT "fk_room_call_rsvps_call_id" FOREIGN KEY (call_id) REFERENCES room_calls(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE room_call_rsvps ADD CONSTRAINT "fk_room_call_rsvps_participant_id" FOREIGN KEY (participant_id) REFERENCES participants(id) ON DELETE CASCADE`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_room_call_rsvps_participant" ON room_call_rsvps (participant_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE room_call_rsvps`);
    await queryRunner.query(`DROP TABLE room_calls`);
    await queryRunner.query(`DROP INDEX "IDX_pairings_room_topic"`);
    await queryRunner.query(`ALTER TABLE pairings DROP CONSTRAINT "CHK_pairings_room_topic"`);
    await queryRunner.query(`ALTER TABLE pairings DROP COLUMN topic`);
    await queryRunner.query(`ALTER TABLE pairings DROP CONSTRAINT "CHK_pairings_kind"`);
    await queryRunner.query(
      `ALTER TABLE pairings ADD CONSTRAINT "CHK_pairings_kind" CHECK (kind IN ('pair', 'circle'))`,
    );
  }
}
