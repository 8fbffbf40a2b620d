import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * #swap: a prompt issued to one member only (`swapped_for`) in place of the pairing's prompt for
 * that step, with its own thread; and a swap asked for the member's next step, kept on their
 * schedule row until the tick sends it. One swap per member per step.
 */
export class PromptSwaps1796504613896 implements MigrationInterface {
  name = 'PromptSwaps1796504613896';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pairing_prompts" ADD "swapped_for" uuid`);
    await queryRunner.query(`ALTER TABLE "pairing_prompts" DROP CONSTRAINT "UQ_pairing_prompts_step"`);
    await queryRunner.query(
      `ALTER TABLE "pairing_prompts" ADD CONSTRAINT "UQ_pairing_prompts_step"
         UNIQUE NULLS NOT DISTINCT ("pairing_id", "week", "item", "swapped_for")`,
    );
    await queryRunner.query(`ALTER TABLE "schedules" ADD "swap_key" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "schedules" DROP COLUMN "swap_key"`);
    await queryRunner.query(`DELETE FROM "pairing_prompts" WHERE "swapped_for" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "pairing_prompts" DROP CONSTRAINT "UQ_pairing_prompts_step"`);
    await queryRunner.query(
      `ALTER TABLE "pairing_prompts" ADD CONSTRAINT "UQ_pairing_prompts_step" UNIQUE ("pairing_id", "week", "item")`,
    );
    await queryRunner.query(`ALTER TABLE "pairing_prompts" DROP COLUMN "swapped_for"`);
  }
}
