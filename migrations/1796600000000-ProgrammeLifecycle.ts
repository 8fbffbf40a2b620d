import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ground a programme's life by email stands on (#14): the programme's enrolment and matching
 * settings, each person's profile, the programme desk (a personal address per person for the
 * questions the programme asks by email, and what is still waiting for an answer), and the pairs
 * that must never be made again.
 */
export class ProgrammeLifecycle1796600000000 implements MigrationInterface {
  name = 'ProgrammeLifecycle1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE programmes
        ADD COLUMN join_enabled boolean NOT NULL DEFAULT false,
        ADD COLUMN matching_mode text NOT NULL DEFAULT 'review',
        ADD COLUMN choice_reply_hours integer NOT NULL DEFAULT 72,
        ADD COLUMN consent_age smallint,
        ADD COLUMN terms_url text,
        ADD COLUMN ends_on date,
        ADD COLUMN match_criteria jsonb,
        ADD COLUMN profile_options jsonb,
        ADD CONSTRAINT "CHK_programmes_matching_mode" CHECK (matching_mode IN ('review', 'automatic', 'choice')),
        ADD CONSTRAINT "CHK_programmes_choice_reply_hours" CHECK (choice_reply_hours > 0)`);
    await queryRunner.query(`ALTER TABLE participants ADD COLUMN desk_key text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_participants_desk_key" ON participants (desk_key) WHERE desk_key IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE participant_profiles (
        participant_id uuid PRIMARY KEY,
        programme_id uuid NOT NULL,
        source text NOT NULL DEFAULT 'invite',
        role_wanted text,
        invited_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        confirm_token text NOT NULL,
        profile_completed_at timestamptz,
        answers jsonb NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        topics text[] NOT NULL DEFAULT '{}',
        goals text[] NOT NULL DEFAULT '{}',
        industry text,
        background text[] NOT NULL DEFAULT '{}',
        bio text,
        availability jsonb NOT NULL DEFAULT '[]',
        preferences jsonb NOT NULL DEFAULT '[]',
        capacity smallint,
        age smallint,
        guardian_email text,
        guardian_token text,
        guardian_consented_at timestamptz,
        reminders_sent smallint NOT NULL DEFAULT 0,
        last_asked_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_participant_profiles_source" CHECK (source IN ('invite', 'join')),
        CONSTRAINT "CHK_participant_profiles_role_wanted" CHECK (role_wanted IN ('mentor', 'mentee', 'either')),
        CONSTRAINT "CHK_participant_profiles_capacity" CHECK (capacity BETWEEN 1 AND 3),
        CONSTRAINT fk_participant_profiles_participant_id FOREIGN KEY (participant_id)
          REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT fk_participant_profiles_programme_id FOREIGN KEY (programme_id)
          REFERENCES programmes (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_participant_profiles_confirm_token" ON participant_profiles (confirm_token)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_participant_profiles_guardian_token" ON participant_profiles (guardian_token)
        WHERE guardian_token IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_participant_profiles_programme" ON participant_profiles (programme_id)`,
    );
    await queryRunner.query(`
      CREATE TABLE desk_asks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        participant_id uuid NOT NULL,
        kind text NOT NULL,
        ref_id uuid,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        answered_at timestamptz,
        closed_at timestamptz,
        CONSTRAINT fk_desk_asks_participant_id FOREIGN KEY (participant_id)
          REFERENCES participants (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE INDEX "IDX_desk_asks_open" ON desk_asks (participant_id, created_at) WHERE closed_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_desk_asks_message_id" ON desk_asks (message_id) WHERE message_id IS NOT NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE match_exclusions (
        programme_id uuid NOT NULL,
        mentor_id uuid NOT NULL,
        mentee_id uuid NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (programme_id, mentor_id, mentee_id),
        CONSTRAINT fk_match_exclusions_programme_id FOREIGN KEY (programme_id)
          REFERENCES programmes (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_exclusions_mentor_id FOREIGN KEY (mentor_id)
          REFERENCES participants (id) ON DELETE CASCADE,
        CONSTRAINT fk_match_exclusions_mentee_id FOREIGN KEY (mentee_id)
          REFERENCES participants (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "IDX_match_exclusions_mentor" ON match_exclusions (mentor_id)`);
    await queryRunner.query(`CREATE INDEX "IDX_match_exclusions_mentee" ON match_exclusions (mentee_id)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE match_exclusions`);
    await queryRunner.query(`DROP TABLE desk_asks`);
    await queryRunner.query(`DROP TABLE participant_profiles`);
    await queryRunner.query(`DROP INDEX "IDX_participants_desk_key"`);
    await queryRunner.query(`ALTER TABLE participants DROP COLUMN desk_key`);
    await queryRunner.query(`
      ALTER TABLE programmes
        DROP CONSTRAINT "CHK_programmes_matching_mode",
        DROP CONSTRAINT "CHK_programmes_choice_reply_hours",
        DROP COLUMN join_enabled, DROP COLUMN matching_mode, DROP COLUMN choice_reply_hours,
        DROP COLUMN consent_age, DROP COLUMN terms_url, DROP COLUMN ends_on,
        DROP COLUMN match_criteria, DROP COLUMN profile_options`);
  }
}
