import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface Film {
  id: string;
  programmeId: string | null;
  title: string;
  year: number;
  runtimeMinutes: number;
  ageRating: string;
  minAge: number;
  themes: string[];
  discussionAngle: string;
}

export interface VirtualTour {
  id: string;
  programmeId: string | null;
  name: string;
  url: string;
  lookAt: string;
  careerQuestion: string;
}

export type NewFilm = Omit<Film, 'id' | 'programmeId'>;
export type NewTour = Omit<VirtualTour, 'id' | 'programmeId'>;

const FILM_COLUMNS = `f.id, f.programme_id, f.title, f.year, f.runtime_minutes, f.age_rating, f.min_age, f.themes,
       f.discussion_angle`;
const TOUR_COLUMNS = `t.id, t.programme_id, t.name, t.url, t.look_at, t.career_question`;
/** The films and tours a programme sees: the default set (no programme) and its own. */
const VISIBLE = (alias: string) => `(${alias}.programme_id IS NULL OR ${alias}.programme_id = $1)`;

/** Films, virtual tours, the films offered to a pairing's pick and each pairing's tour. */
@Injectable()
export class CultureRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  async films(programmeId: string): Promise<Film[]> {
    const rows: Record<string, unknown>[] = await this.m().query(
      `SELECT ${FILM_COLUMNS} FROM films f WHERE ${VISIBLE('f')} ORDER BY f.min_age, f.title`,
      [programmeId],
    );
    return rows.map(film);
  }

  async tours(programmeId: string): Promise<VirtualTour[]> {
    const rows: Record<string, unknown>[] = await this.m().query(
      `SELECT ${TOUR_COLUMNS} FROM virtual_tours t WHERE ${VISIBLE('t')} ORDER BY t.created_at, t.name`,
      [programmeId],
    );
    return rows.map(tour);
  }

  /** A programme's own film; null when it (or a default one) has the same title and year. */
  async addFilm(programmeId: string, f: NewFilm): Promise<Film | null> {
    const rows: Record<string, unknown>[] = await this.m().query(
      `INSERT INTO films AS f (programme_id, title, year, runtime_minutes, age_rating, min_age, themes, discussion_angle)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
        WHERE NOT EXISTS (SELECT 1 FROM films d WHERE d.programme_id IS NULL AND lower(d.title) = lower($2) AND d.year = $3)
       ON CONFLICT DO NOTHING
       RETURNING ${FILM_COLUMNS}`,
      [programmeId, f.title, f.year, f.runtimeMinutes, f.ageRating, f.minAge, f.themes, f.discussionAngle],
    );
    return rows[0] ? film(rows[0]) : null;
  }

  /** A programme's own tour; null when it (or a default one) has the same link. */
  async addTour(programmeId: string, t: NewTour): Promise<VirtualTour | null> {
    const rows: Record<string, unknown>[] = await this.m().query(
      `INSERT INTO virtual_tours AS t (programme_id, name, url, look_at, career_question)
       SELECT $1, $2, $3, $4, $5
        WHERE NOT EXISTS (SELECT 1 FROM virtual_tours d WHERE d.programme_id IS NULL AND d.url = $3)
       ON CONFLICT DO NOTHING
       RETURNING ${TOUR_COLUMNS}`,
      [programmeId, t.name, t.url, t.lookAt, t.careerQuestion],
    );
    return rows[0] ? tour(rows[0]) : null;
  }

  /**
   * The three films offered to one issued pick, chosen once and frozen: whichever member's copy
   * is composed first writes them, the other copy and the discussion read the same three.
   * Within the age limit, in an order of their own per pairing (so pairs see different films).
   */
  async offerFilms(
    pairingPromptId: string,
    pairingId: string,
    programmeId: string,
    maxAge: number,
  ): Promise<Film[]> {
    await this.m().query(
      `INSERT INTO prompt_films (pairing_prompt_id, position, film_id)
       SELECT $2, row_number() OVER (ORDER BY md5($3 || f.id::text)), f.id
         FROM (SELECT f.id FROM films f WHERE ${VISIBLE('f')} AND f.min_age <= $4
                ORDER BY md5($3 || f.id::text) LIMIT 3) AS f
       ON CONFLICT DO NOTHING`,
      [programmeId, pairingPromptId, pairingId, maxAge],
    );
    return this.offeredFilms(pairingPromptId);
  }

  async offeredFilms(pairingPromptId: string): Promise<Film[]> {
    const rows: Record<string, unknown>[] = await this.m().query(
      `SELECT ${FILM_COLUMNS} FROM prompt_films o JOIN films f ON f.id = o.film_id
        WHERE o.pairing_prompt_id = $1 ORDER BY o.position`,
      [pairingPromptId],
    );
    return rows.map(film);
  }

  /** The pairing's latest issued prompt with this key, or null. */
  async latestPrompt(pairingId: string, promptKey: string): Promise<{ id: string } | null> {
    const rows: { id: string }[] = await this.m().query(
      `SELECT id FROM pairing_prompts WHERE pairing_id = $1 AND prompt_key = $2 ORDER BY issued_at DESC LIMIT 1`,
      [pairingId, promptKey],
    );
    return rows[0] ?? null;
  }

  /**
   * The pairing's tour, assigned on first use: the programme's least used tour, ties in list
   * order, so no tour repeats within a programme until every one is used. Under a per-programme
   * lock, so two pairings composed at once cannot both take the same least used tour.
   */
  async tourFor(pairingId: string, programmeId: string): Promise<VirtualTour | null> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [
        `pairing-tours:${programmeId}`,
      ]);
      await tx.query(
        `INSERT INTO pairing_tours (pairing_id, programme_id, tour_id)
         SELECT $2, $1, t.id FROM virtual_tours t
           LEFT JOIN (SELECT tour_id, count(*) AS n FROM pairing_tours WHERE programme_id = $1 GROUP BY tour_id) u
             ON u.tour_id = t.id
          WHERE ${VISIBLE('t')}
          ORDER BY COALESCE(u.n, 0), t.created_at, t.name
          LIMIT 1
         ON CONFLICT (pairing_id) DO NOTHING`,
        [programmeId, pairingId],
      );
      const rows: Record<string, unknown>[] = await tx.query(
        `SELECT ${TOUR_COLUMNS} FROM pairing_tours p JOIN virtual_tours t ON t.id = p.tour_id WHERE p.pairing_id = $1`,
        [pairingId],
      );
      return rows[0] ? tour(rows[0]) : null;
    });
  }
}

function film(r: Record<string, unknown>): Film {
  return {
    id: r.id as string,
    programmeId: (r.programme_id as string | null) ?? null,
    title: r.title as string,
    year: Number(r.year),
    runtimeMinutes: Number(r.runtime_minutes),
    ageRating: r.age_rating as string,
    minAge: Number(r.min_age),
    themes: r.themes as string[],
    discussionAngle: r.discussion_angle as string,
  };
}

function tour(r: Record<string, unknown>): VirtualTour {
  return {
    id: r.id as string,
    programmeId: (r.programme_id as string | null) ?? null,
    name: r.name as string,
    url: r.url as string,
    lookAt: r.look_at as string,
    careerQuestion: r.career_question as string,
  };
}
