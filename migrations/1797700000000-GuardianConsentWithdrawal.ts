import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A guardian can withdraw the consent they gave: when they did is kept (consent given again
 * clears it), and the work queue finds the few withdrawn profiles by a partial index.
 */
export class GuardianConsentWithdrawal1797700000000 implements MigrationInterface {
  name = 'GuardianConsentWithdrawal1797700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE participant_profiles ADD COLUMN guardian_consent_withdrawn_at timestamptz`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_participant_profiles_consent_withdrawn" ON participant_profiles (guardian_consent_withdrawn_at)
        WHERE guardian_consent_withdrawn_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_participant_profiles_consent_withdrawn"`);
    await queryRunner.query(`ALTER TABLE participant_profiles DROP COLUMN guardian_consent_withdrawn_at`);
  }
}
