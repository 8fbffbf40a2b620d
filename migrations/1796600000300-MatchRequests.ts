import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Mentees choosing their mentor by email (#14): each mentor suggested to a mentee, and the request
 * the mentee's choice becomes; and the mentees for whom no mentor is left to suggest.
 */
export class MatchRequests1796600000300 implements MigrationInterface {
  name = 'MatchRequests1796600000300';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE match_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL,
        mentee_id uuid NOT NULL,
        mentor_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'suggested',
        batch integer NOT NULL,
        rank smallint NOT NULL,
        score smallint NOT NULL,
        explanation text NOT NULL,
        suggested_at timestamptz NOT NULL,
        asked_at timestamptz,
        expires_at timestamptz,
        answered_at timestamptz,
        CONSTRAINT "CHK_match_requests_status"
          CHECK (status IN ('suggested', 'asked', 'accepted', 'declined', 'expired', 'lost', 'withdrawn')),
        CONSTRAINT "CHK_match_requests_rank" CHECK (rank BETWEEN 1 AND 3),
        CONSTRAINT fk_match_requests_programme_id FOREIGN KEY (programme_id)
          REFERENCES programmes (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_requests_mentee_id FOREIGN KEY (mentee_id)
          REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_requests_mentor_id FOREIGN KEY (mentor_id)
          REFERENCES participants (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_match_requests_pair" ON match_requests (mentee_id, mentor_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_match_requests_mentor_asked" ON match_requests (mentor_id) WHERE status = 'asked'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_match_requests_expiry" ON match_requests (expires_at) WHERE status = 'asked'`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_match_requests_programme" ON match_requests (programme_id)`);
    await queryRunner.query(`
      CREATE TABLE choice_waits (
        mentee_id uuid PRIMARY KEY,
        programme_id uuid NOT NULL,
        since timestamptz NOT NULL,
        CONSTRAINT fk_choice_waits_mentee_id FOREIGN KEY (mentee_id)
          REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT fk_choice_waits_programme_id FOREIGN KEY (programme_id)
          REFERENCES programmes (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_choice_waits_programme" ON choice_waits (programme_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE choice_waits`);
    await queryRunner.query(`DROP TABLE match_requests`);
  }
}
