import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a voter wrote after their choice ("2" then "It was hard to find time"): kept with the vote
 * for programme staff only, never relayed. Null for a vote without one (a bare number, a link).
 * And the polls by prompt and week, for the digest's programme-wide counts (a poll's votes across
 * every pairing of the programme): partial, so it holds only the few polls of each pairing.
 */
export class PollVoteComments1796503480439 implements MigrationInterface {
  name = 'PollVoteComments1796503480439';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "poll_votes" ADD "comment" text`);
    await queryRunner.query(
      `CREATE INDEX "IDX_pairing_prompts_poll" ON "pairing_prompts" ("prompt_key", "week") WHERE poll_options IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_pairing_prompts_poll"`);
    await queryRunner.query(`ALTER TABLE "poll_votes" DROP COLUMN "comment"`);
  }
}
