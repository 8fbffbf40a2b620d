import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbound feedback: SES/DSN events, our own suppression list, and a durable sending pause. */
export class OutboundFeedback1795864929478 implements MigrationInterface {
  name = 'OutboundFeedback1795864929478';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "delivery_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "message_ref" text NOT NULL, "recipient" text NOT NULL, "type" text NOT NULL, "source" text NOT NULL, "delivery_id" uuid, "programme_id" uuid, "bounce_type" text, "bounce_sub_type" text, "score" smallint NOT NULL DEFAULT '0', "detail" text, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_delivery_events_ref_recipient_type" UNIQUE ("message_ref", "recipient", "type"), CONSTRAINT "PK_19b3537a3e016d72733fa56f7a4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_937d273940d86171a3c4b46935" ON "delivery_events"  ("recipient", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outbound_pauses" ("name" text NOT NULL, "until" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7e294e198b0394c5b033e6b08cd" PRIMARY KEY ("name"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "suppressions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "address" text NOT NULL, "reason" text NOT NULL, "source" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "lifted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_1c21d25c6f5df6c64078c697874" UNIQUE ("address"), CONSTRAINT "PK_77bb19dbc77a4ce0ca8cb743f3b" PRIMARY KEY ("id"))`,
    );
    // The lookup every send does: deliveries by the id SES returned.
    await queryRunner.query(
      `CREATE INDEX "IDX_deliveries_transport_id" ON "deliveries" ("transport_id") WHERE "transport_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_deliveries_transport_id"`);
    await queryRunner.query(`DROP TABLE "suppressions"`);
    await queryRunner.query(`DROP TABLE "outbound_pauses"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_937d273940d86171a3c4b46935"`);
    await queryRunner.query(`DROP TABLE "delivery_events"`);
  }
}
