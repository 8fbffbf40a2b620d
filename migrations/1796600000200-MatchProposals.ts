import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The matching engine's proposals, kept so staff can review them (accept all, swap, exclude,
 * re-run) and so applying one twice creates each pairing once: a proposal, its pairs (with the
 * pairing each became) and the people it left out, with why.
 */
export class MatchProposals1796600000200 implements MigrationInterface {
  name = 'MatchProposals1796600000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE match_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'open',
        made_by text NOT NULL,
        input_key text NOT NULL,
        total_score integer NOT NULL,
        greedy_score integer NOT NULL,
        first_come_score integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        applied_at timestamptz,
        CONSTRAINT "CHK_match_proposals_status" CHECK (status IN ('open', 'applied', 'superseded')),
        CONSTRAINT fk_match_proposals_programme_id FOREIGN KEY (programme_id)
          REFERENCES programmes (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_match_proposals_open" ON match_proposals (programme_id) WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_match_proposals_programme" ON match_proposals (programme_id, created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE match_proposal_pairs (
        proposal_id uuid NOT NULL,
        mentee_id uuid NOT NULL,
        mentor_id uuid NOT NULL,
        score smallint NOT NULL,
        explanation text NOT NULL,
        pairing_id uuid,
        skipped_reason text,
        PRIMARY KEY (proposal_id, mentee_id),
        CONSTRAINT fk_match_proposal_pairs_proposal_id FOREIGN KEY (proposal_id)
          REFERENCES match_proposals (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_proposal_pairs_mentee_id FOREIGN KEY (mentee_id)
          REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_proposal_pairs_mentor_id FOREIGN KEY (mentor_id)
          REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_proposal_pairs_pairing_id FOREIGN KEY (pairing_id)
          REFERENCES pairings (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_match_proposal_pairs_mentor" ON match_proposal_pairs (mentor_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_match_proposal_pairs_pairing" ON match_proposal_pairs (pairing_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE match_proposal_unmatched (
        proposal_id uuid NOT NULL,
        participant_id uuid NOT NULL,
        side text NOT NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        PRIMARY KEY (proposal_id, participant_id),
        CONSTRAINT "CHK_match_proposal_unmatched_side" CHECK (side IN ('mentor', 'mentee')),
        CONSTRAINT fk_match_proposal_unmatched_proposal_id FOREIGN KEY (proposal_id)
          REFERENCES match_proposals (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_proposal_unmatched_participant_id FOREIGN KEY (participant_id)
          REFERENCES participants (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_match_proposal_unmatched_participant" ON match_proposal_unmatched (participant_id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE match_proposal_unmatched`);
    await queryRunner.query(`DROP TABLE match_proposal_pairs`);
    await queryRunner.query(`DROP TABLE match_proposals`);
  }
}
