import type { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_FILMS, DEFAULT_TOURS } from '../src/prompts/culture/default-catalogue';

/**
 * Movie club and museum tours as data: films and virtual tours (programme_id NULL: the default
 * set every programme sees; otherwise a programme's own addition), the three films offered to a
 * pairing's pick (frozen, so both members and the discussion see the same three), each pairing's
 * tour, and the programme's youngest participant age, above which no film is offered.
 */
export class CultureCatalogue1796503958476 implements MigrationInterface {
  name = 'CultureCatalogue1796503958476';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "programmes" ADD "min_age" smallint NOT NULL DEFAULT 11`);
    await queryRunner.query(
      `CREATE TABLE "films" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
         "programme_id" uuid REFERENCES "programmes"("id") ON DELETE CASCADE,
         "title" text NOT NULL,
         "year" smallint NOT NULL,
         "runtime_minutes" smallint NOT NULL,
         "age_rating" text NOT NULL,
         "min_age" smallint NOT NULL,
         "themes" text[] NOT NULL,
         "discussion_angle" text NOT NULL,
         "created_at" timestamptz NOT NULL DEFAULT now())`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_films_programme_title_year" ON "films"
         (COALESCE("programme_id", '00000000-0000-0000-0000-000000000000'), lower("title"), "year")`,
    );
    await queryRunner.query(
      `CREATE TABLE "virtual_tours" (
         "id" uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
         "programme_id" uuid REFERENCES "programmes"("id") ON DELETE CASCADE,
         "name" text NOT NULL,
         "url" text NOT NULL,
         "look_at" text NOT NULL,
         "career_question" text NOT NULL,
         "created_at" timestamptz NOT NULL DEFAULT now())`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_virtual_tours_programme_url" ON "virtual_tours"
         (COALESCE("programme_id", '00000000-0000-0000-0000-000000000000'), "url")`,
    );
    await queryRunner.query(
      `CREATE TABLE "prompt_films" (
         "pairing_prompt_id" uuid NOT NULL REFERENCES "pairing_prompts"("id") ON DELETE CASCADE,
         "position" smallint NOT NULL,
         "film_id" uuid NOT NULL REFERENCES "films"("id") ON DELETE CASCADE,
         CONSTRAINT "PK_prompt_films" PRIMARY KEY ("pairing_prompt_id", "position"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "pairing_tours" (
         "pairing_id" uuid NOT NULL PRIMARY KEY REFERENCES "pairings"("id") ON DELETE CASCADE,
         "programme_id" uuid NOT NULL,
         "tour_id" uuid NOT NULL REFERENCES "virtual_tours"("id") ON DELETE CASCADE,
         "assigned_at" timestamptz NOT NULL DEFAULT now())`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_pairing_tours_programme" ON "pairing_tours" ("programme_id")`);
    for (const f of DEFAULT_FILMS) {
      await queryRunner.query(
        `INSERT INTO "films" ("title", "year", "runtime_minutes", "age_rating", "min_age", "themes", "discussion_angle")
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [f.title, f.year, f.runtimeMinutes, f.ageRating, f.minAge, f.themes, f.discussionAngle],
      );
    }
    for (const t of DEFAULT_TOURS) {
      await queryRunner.query(
        `INSERT INTO "virtual_tours" ("name", "url", "look_at", "career_question") VALUES ($1, $2, $3, $4)`,
        [t.name, t.url, t.lookAt, t.careerQuestion],
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "pairing_tours"`);
    await queryRunner.query(`DROP TABLE "prompt_films"`);
    await queryRunner.query(`DROP TABLE "virtual_tours"`);
    await queryRunner.query(`DROP TABLE "films"`);
    await queryRunner.query(`ALTER TABLE "programmes" DROP COLUMN "min_age"`);
  }
}
