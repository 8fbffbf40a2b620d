import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795863926574 implements MigrationInterface {
  name = 'Initial1795863926574';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "thread_id" uuid NOT NULL, "pairing_id" uuid NOT NULL, "kind" text NOT NULL DEFAULT 'relay', "author_id" uuid, "inbound_email_id" uuid, "new_text" text NOT NULL, "quoted_text" text NOT NULL DEFAULT '', "full_text" text NOT NULL DEFAULT '', "html" text, "subject" text, "message_id" text NOT NULL, "in_reply_to" text, "references" text array NOT NULL DEFAULT '{}', "attachments" jsonb NOT NULL DEFAULT '[]', "extraction_method" text NOT NULL DEFAULT 'text', "extraction_confident" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_31c3280aa36448297f489b65eb5" UNIQUE ("inbound_email_id"), CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_ad6e43cf66dc36c0d70d4c2ade" ON "messages"  ("pairing_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_bff178e7122a6244d8e760c72d" ON "messages"  ("thread_id", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "message_id_links" ("message_id" text NOT NULL, "message_row_id" uuid NOT NULL, "thread_id" uuid NOT NULL, "pairing_id" uuid NOT NULL, "participant_id" uuid, "direction" text NOT NULL, CONSTRAINT "PK_bc47c0eb5ae329235f55237a58d" PRIMARY KEY ("message_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_986dd06fd81b2cbd03016837f7" ON "message_id_links"  ("message_row_id", "participant_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "threads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pairing_id" uuid NOT NULL, "subject" text NOT NULL, "normalized_subject" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d8a74804c34fc3900502cd27275" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_71c28bc3e66de092a444d00580" ON "threads"  ("pairing_id", "normalized_subject") `,
    );
    await queryRunner.query(
      `CREATE TABLE "inbound_emails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "source" text NOT NULL, "dedupe_key" text, "duplicate_of" uuid, "envelope_from" text, "recipient" text NOT NULL, "raw" bytea, "size" integer NOT NULL, "status" text NOT NULL DEFAULT 'received', "reason" text, "detail" text, "from_address" text, "subject" text, "message_id" text, "pairing_id" uuid, "auth" jsonb, "transport_meta" jsonb, "attempts" integer NOT NULL DEFAULT '0', "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_899c47464d1d2671bbd51da5e07" UNIQUE ("dedupe_key"), CONSTRAINT "PK_4681d4ed00f370f44de2a1d094c" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_0c78dac3f9712261024cd8eb49" ON "inbound_emails"  ("status", "received_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "dedupe_key" text NOT NULL, "kind" text NOT NULL, "status" text NOT NULL DEFAULT 'queued', "reason" text, "pairing_id" uuid, "source_message_id" uuid, "recipient_id" uuid, "to_address" text NOT NULL, "message_id" text NOT NULL, "payload" jsonb, "transport" text, "transport_id" text, "provider_message_id" text, "template_name" text, "template_hash" text, "attempts" integer NOT NULL DEFAULT '0', "sending_started_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c9bfeb03709e745bf1207ea60f2" UNIQUE ("dedupe_key"), CONSTRAINT "PK_a6ef225c5c5f0974e503bfb731f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_eeee67c778fd4f5bab7729d289" ON "deliveries"  ("status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "pairing_members" ("pairing_id" uuid NOT NULL, "participant_id" uuid NOT NULL, "role" text NOT NULL, CONSTRAINT "PK_9c584c97cc973279e4ad597f636" PRIMARY KEY ("pairing_id", "participant_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_2eec0d9ade8557df26a41ee627" ON "pairing_members"  ("participant_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "pairings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "programme_id" uuid NOT NULL, "status" text NOT NULL DEFAULT 'active', "relay_address" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_59af17dd07d2649c7f07132aed0" UNIQUE ("relay_address"), CONSTRAINT "PK_db617dbea5aade9510d4a31c4f7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "participants" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "programme_id" uuid NOT NULL, "name" text NOT NULL, "role" text NOT NULL, "email" text NOT NULL, "email_aliases" text array NOT NULL DEFAULT '{}', "time_zone" text NOT NULL DEFAULT 'UTC', "locale" text NOT NULL DEFAULT 'en', "prompts_stopped_at" TIMESTAMP WITH TIME ZONE, "paused_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1cda06c31eec1c95b3365a0283f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_e6015df4e3fe06306d90f2b55c" ON "participants"  ("programme_id", "email") `,
    );
    await queryRunner.query(
      `CREATE TABLE "programmes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "curriculum_key" text NOT NULL DEFAULT 'default-12-weeks', "send_weekday" smallint NOT NULL DEFAULT '2', "send_hour" smallint NOT NULL DEFAULT '9', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_336a51bd1f20303e5501fc36860" UNIQUE ("slug"), CONSTRAINT "PK_116b5f8dbb9f632d76bc144404f" PRIMARY KEY ("id"))`,
    );

    // Integrity the entities do not express as relations (kept relation-free to stay light).
    const fk = (table: string, column: string, target: string, onDelete = 'CASCADE') =>
      queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_${column}" FOREIGN KEY ("${column}") REFERENCES "${target}"("id") ON DELETE ${onDelete}`,
      );
    await fk('participants', 'programme_id', 'programmes');
    await fk('pairings', 'programme_id', 'programmes');
    await fk('pairing_members', 'pairing_id', 'pairings');
    await fk('pairing_members', 'participant_id', 'participants');
    await fk('threads', 'pairing_id', 'pairings');
    await fk('messages', 'thread_id', 'threads');
    await fk('message_id_links', 'message_row_id', 'messages');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of [
      ['participants', 'programme_id'],
      ['pairings', 'programme_id'],
      ['pairing_members', 'pairing_id'],
      ['pairing_members', 'participant_id'],
      ['threads', 'pairing_id'],
      ['messages', 'thread_id'],
      ['message_id_links', 'message_row_id'],
    ]) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "fk_${table}_${column}"`);
    }
    await queryRunner.query(`DROP TABLE "programmes"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e6015df4e3fe06306d90f2b55c"`);
    await queryRunner.query(`DROP TABLE "participants"`);
    await queryRunner.query(`DROP TABLE "pairings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2eec0d9ade8557df26a41ee627"`);
    await queryRunner.query(`DROP TABLE "pairing_members"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_eeee67c778fd4f5bab7729d289"`);
    await queryRunner.query(`DROP TABLE "deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0c78dac3f9712261024cd8eb49"`);
    await queryRunner.query(`DROP TABLE "inbound_emails"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_71c28bc3e66de092a444d00580"`);
    await queryRunner.query(`DROP TABLE "threads"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_986dd06fd81b2cbd03016837f7"`);
    await queryRunner.query(`DROP TABLE "message_id_links"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bff178e7122a6244d8e760c72d"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ad6e43cf66dc36c0d70d4c2ade"`);
    await queryRunner.query(`DROP TABLE "messages"`);
  }
}
