import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The "best reply day" poll: a participant's own ISO weekday for their weekly prompt, chosen by
 * their vote. Null means the programme's weekday, which stays the default for everyone else.
 */
export class ParticipantSendWeekday1796506559425 implements MigrationInterface {
  name = 'ParticipantSendWeekday1796506559425';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "participants" ADD "send_weekday" smallint
         CONSTRAINT "CHK_participants_send_weekday" CHECK ("send_weekday" BETWEEN 1 AND 7)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participants" DROP COLUMN "send_weekday"`);
  }
}
