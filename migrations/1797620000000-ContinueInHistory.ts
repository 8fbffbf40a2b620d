import type { MigrationInterface, QueryRunner } from 'typeorm';

const BEFORE = `'resolve', 'snooze', 'write', 'pause', 'resume', 'end', 'nudge', 'nudges_unanswered'`;

/**
 * A pair invited to continue for another cycle is kept in the pairing's history with who invited
 * it, like every other staff action on a pairing: the history's action check gains `continue`.
 */
export class ContinueInHistory1797620000000 implements MigrationInterface {
  name = 'ContinueInHistory1797620000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await this.check(queryRunner, `${BEFORE}, 'continue'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM pairing_actions WHERE action = 'continue'`);
    await this.check(queryRunner, BEFORE);
  }

  private async check(queryRunner: QueryRunner, actions: string): Promise<void> {
    await queryRunner.query(`ALTER TABLE pairing_actions DROP CONSTRAINT "CHK_pairing_actions_action"`);
    await queryRunner.query(
      `ALTER TABLE pairing_actions ADD CONSTRAINT "CHK_pairing_actions_action" CHECK (action IN (${actions}))`,
    );
  }
}
