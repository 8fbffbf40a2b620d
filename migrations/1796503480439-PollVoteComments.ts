import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a voter wrote after their choice ("2" then "It was hard to find time"): kept with the vote
 * for programme staff only, never relayed. Null for a vote without one (a bare number, a link).
 */
export class PollVoteComments1796503480439 implements MigrationInterface {
  name = 'PollVoteComments1796503480439';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "poll_votes" ADD "comment" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "poll_votes" DROP COLUMN "comment"`);
  }
}
