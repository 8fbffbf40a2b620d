import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FOREIGN_KEYS, fkName } from './1796514464405-ForeignKeys';

/**
 * The keys ForeignKeys added NOT VALID, checked against every existing row in a transaction of
 * its own: VALIDATE scans under a lock that lets reads and writes go on.
 */
export class ValidateForeignKeys1796514464406 implements MigrationInterface {
  name = 'ValidateForeignKeys1796514464406';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of FOREIGN_KEYS) {
      await queryRunner.query(`ALTER TABLE "${table}" VALIDATE CONSTRAINT "${fkName(table, column)}"`);
    }
  }

  public async down(): Promise<void> {
    // Nothing to undo: a validated key stays valid until ForeignKeys' down drops it.
  }
}
