import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two facts the impersonation defences need (issue #11):
 * - `deliveries.bounce_token`: the secret half of each delivery's own return path
 *   (`bounce-<delivery id>-<token>@RELAY_DOMAIN`), so that a bounce by mail is believed only when it
 *   arrives at the address of the one delivery it concerns. 80 bits from gen_random_uuid (a strong
 *   random source), drawn by the database so every insert path gets one.
 * - `participants.authenticated_aligned_at`: when this person's mail first passed an authentication
 *   aligned with their From domain; afterwards an unaligned mail from them is held for staff.
 */
export class ImpersonationDefences1796494839340 implements MigrationInterface {
  name = 'ImpersonationDefences1796494839340';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "deliveries" ADD "bounce_token" text NOT NULL
         DEFAULT substr(encode(sha256(gen_random_uuid()::text::bytea), 'hex'), 1, 20)`,
    );
    await queryRunner.query(
      `ALTER TABLE "participants" ADD "authenticated_aligned_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participants" DROP COLUMN "authenticated_aligned_at"`);
    await queryRunner.query(`ALTER TABLE "deliveries" DROP COLUMN "bounce_token"`);
  }
}
