import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who muted a circle member: a lead's mute is staff's to look at (needs attention lists it until
 * staff keep it, which makes it theirs, or unmute); staff's own mute needs no telling.
 */
export class MutedBy1796900000200 implements MigrationInterface {
  name = 'MutedBy1796900000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE pairing_members ADD COLUMN muted_by text`);
    await queryRunner.query(
      `ALTER TABLE pairing_members ADD CONSTRAINT "CHK_pairing_members_muted_by"
         CHECK ((muted_by IS NULL) = (muted_at IS NULL) AND (muted_by IS NULL OR muted_by IN ('lead', 'staff')))`,
    );
    // Mutes from before this column: who did it is not known, so staff are asked to look.
    await queryRunner.query(`UPDATE pairing_members SET muted_by = 'lead' WHERE muted_at IS NOT NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE pairing_members DROP CONSTRAINT "CHK_pairing_members_muted_by"`);
    await queryRunner.query(`ALTER TABLE pairing_members DROP COLUMN muted_by`);
  }
}
