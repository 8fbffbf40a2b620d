import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How a person is greeted and introduced: the first name they go by (greetings fall back to the
 * first word of `name` without it) and a short line about them that the partner's welcome shows.
 */
export class ParticipantIntroductions1796503499591 implements MigrationInterface {
  name = 'ParticipantIntroductions1796503499591';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participants" ADD "preferred_name" text, ADD "about" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "participants" DROP COLUMN "about", DROP COLUMN "preferred_name"`);
  }
}
