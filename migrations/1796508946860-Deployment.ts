import { randomBytes } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One random id per database, drawn once here: the queues' Redis namespace is bound to it, so a
 * second deployment (another database) on the same Redis and QUEUE_PREFIX never takes this one's
 * jobs. One row at most: the `one` column can only be true and is unique.
 */
export class Deployment1796508946860 implements MigrationInterface {
  name = 'Deployment1796508946860';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deployment" (
         "id" text PRIMARY KEY CONSTRAINT "CHK_deployment_id" CHECK ("id" ~ '^[0-9a-f]{12}$'),
         "one" boolean NOT NULL DEFAULT true CONSTRAINT "UQ_deployment_one" UNIQUE
           CONSTRAINT "CHK_deployment_one" CHECK ("one"),
         "created_at" timestamptz NOT NULL DEFAULT now()
       )`,
    );
    await queryRunner.query(`INSERT INTO "deployment" ("id") VALUES ($1)`, [randomBytes(6).toString('hex')]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "deployment"`);
  }
}
