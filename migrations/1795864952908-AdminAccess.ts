import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The admin view: staff accounts, sessions, login failures and thread views, plus the indexes its
 * aggregate pages need to answer quickly with thousands of pairings.
 */
export class AdminAccess1795864952908 implements MigrationInterface {
  name = 'AdminAccess1795864952908';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "password_hash" text NOT NULL, "api_token_hash" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_login_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_staff_users_email" UNIQUE ("email"), CONSTRAINT "UQ_staff_users_api_token_hash" UNIQUE ("api_token_hash"), CONSTRAINT "PK_staff_users" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_sessions" ("id_hash" text NOT NULL, "staff_id" uuid NOT NULL, "csrf_token" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_staff_sessions" PRIMARY KEY ("id_hash"), CONSTRAINT "fk_staff_sessions_staff_id" FOREIGN KEY ("staff_id") REFERENCES "staff_users"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_staff_sessions_expires" ON "staff_sessions" ("expires_at")`);
    await queryRunner.query(
      `CREATE TABLE "staff_login_failures" ("id" BIGSERIAL NOT NULL, "email" text NOT NULL, "ip" text NOT NULL, "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_staff_login_failures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_staff_login_failures_email_ip" ON "staff_login_failures" ("email", "ip", "failed_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_staff_login_failures_ip" ON "staff_login_failures" ("ip", "failed_at")`,
    );
    await queryRunner.query(
      `CREATE TABLE "thread_views" ("id" BIGSERIAL NOT NULL, "staff_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "pairing_id" uuid NOT NULL, "viewed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_thread_views" PRIMARY KEY ("id"), CONSTRAINT "fk_thread_views_staff_id" FOREIGN KEY ("staff_id") REFERENCES "staff_users"("id") ON DELETE CASCADE, CONSTRAINT "fk_thread_views_thread_id" FOREIGN KEY ("thread_id") REFERENCES "threads"("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_thread_views_pairing" ON "thread_views" ("pairing_id", "viewed_at")`,
    );

    // Read paths of the admin pages (per-side stats, weekly chart, logs, programme lists).
    await queryRunner.query(
      `CREATE INDEX "IDX_admin_messages_pairing_author" ON "messages" ("pairing_id", "author_id", "created_at")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_admin_messages_created" ON "messages" ("created_at")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_admin_pairings_programme" ON "pairings" ("programme_id", "status")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_admin_threads_pairing_last" ON "threads" ("pairing_id", "last_message_at")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_admin_inbound_received" ON "inbound_emails" ("received_at")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_admin_inbound_held" ON "inbound_emails" ("pairing_id") WHERE "status" = 'held'`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_admin_deliveries_created" ON "deliveries" ("created_at")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_admin_deliveries_pairing" ON "deliveries" ("pairing_id", "created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'IDX_admin_deliveries_pairing',
      'IDX_admin_deliveries_created',
      'IDX_admin_inbound_held',
      'IDX_admin_inbound_received',
      'IDX_admin_threads_pairing_last',
      'IDX_admin_pairings_programme',
      'IDX_admin_messages_created',
      'IDX_admin_messages_pairing_author',
    ]) {
      await queryRunner.query(`DROP INDEX "public"."${index}"`);
    }
    await queryRunner.query(`DROP TABLE "thread_views"`);
    await queryRunner.query(`DROP TABLE "staff_login_failures"`);
    await queryRunner.query(`DROP TABLE "staff_sessions"`);
    await queryRunner.query(`DROP TABLE "staff_users"`);
  }
}
