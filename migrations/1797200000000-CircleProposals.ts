import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Circles proposed by shared topic, kept for staff to accept or discard one by one: a proposal
 * (one open per programme), its circles (with the circle each became), their leads and members,
 * and the mentees it left for one-to-one matching, with why.
 */
export class CircleProposals1797200000000 implements MigrationInterface {
  name = 'CircleProposals1797200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE match_circle_proposals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        programme_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'open',
        made_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_match_circle_proposals_status" CHECK (status IN ('open', 'superseded')),
        CONSTRAINT fk_match_circle_proposals_programme_id FOREIGN KEY (programme_id)
          REFERENCES programmes (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_match_circle_proposals_open" ON match_circle_proposals (programme_id) WHERE status = 'open'`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_match_circle_proposals_programme" ON match_circle_proposals (programme_id, created_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE match_circle_proposal_circles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        proposal_id uuid NOT NULL,
        topic text NOT NULL,
        explanation text NOT NULL,
        fit smallint NOT NULL,
        status text NOT NULL DEFAULT 'proposed',
        pairing_id uuid,
        decided_by text,
        decided_at timestamptz,
        CONSTRAINT "CHK_match_circle_proposal_circles_status" CHECK (status IN ('proposed', 'accepted', 'discarded')),
        CONSTRAINT fk_match_circle_proposal_circles_proposal_id FOREIGN KEY (proposal_id)
          REFERENCES match_circle_proposals (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_circle_proposal_circles_pairing_id FOREIGN KEY (pairing_id)
          REFERENCES pairings (id) ON DELETE SET NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_match_circle_proposal_circles_proposal" ON match_circle_proposal_circles (proposal_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_match_circle_proposal_circles_pairing" ON match_circle_proposal_circles (pairing_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE match_circle_proposal_members (
        circle_id uuid NOT NULL,
        participant_id uuid NOT NULL,
        role text NOT NULL,
        PRIMARY KEY (circle_id, participant_id),
        CONSTRAINT "CHK_match_circle_proposal_members_role" CHECK (role IN ('mentor', 'mentee')),
        CONSTRAINT fk_match_circle_proposal_members_circle_id FOREIGN KEY (circle_id)
          REFERENCES match_circle_proposal_circles (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_circle_proposal_members_participant_id FOREIGN KEY (participant_id)
          REFERENCES participants (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_match_circle_proposal_members_participant" ON match_circle_proposal_members (participant_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE match_circle_proposal_left_out (
        proposal_id uuid NOT NULL,
        participant_id uuid NOT NULL,
        reason text NOT NULL,
        detail text NOT NULL,
        PRIMARY KEY (proposal_id, participant_id),
        CONSTRAINT fk_match_circle_proposal_left_out_proposal_id FOREIGN KEY (proposal_id)
          REFERENCES match_circle_proposals (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_circle_proposal_left_out_participant_id FOREIGN KEY (participant_id)
          REFERENCES participants (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_match_circle_proposal_left_out_participant" ON match_circle_proposal_left_out (participant_id)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE match_circle_proposal_left_out`);
    await queryRunner.query(`DROP TABLE match_circle_proposal_members`);
    await queryRunner.query(`DROP TABLE match_circle_proposal_circles`);
    await queryRunner.query(`DROP TABLE match_circle_proposals`);
  }
}
