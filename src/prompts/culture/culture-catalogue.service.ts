import { Injectable } from '@nestjs/common';
import { MIN_AGE_BY_RATING } from './default-catalogue';
import {
  CultureRepository,
  type Film,
  type NewFilm,
  type NewTour,
  type VirtualTour,
} from './culture.repository';

export type Added<T> = { added: T } | { problems: string[] };

const MAX_AGE = 21;

/**
 * What staff add to a programme's films and tours, checked whole: every problem of an entry is
 * reported together, and an entry already in the list (same film, same tour link) is refused.
 */
@Injectable()
export class CultureCatalogueService {
  constructor(private readonly repo: CultureRepository) {}

  films(programmeId: string): Promise<Film[]> {
    return this.repo.films(programmeId);
  }

  tours(programmeId: string): Promise<VirtualTour[]> {
    return this.repo.tours(programmeId);
  }

  async addFilm(programmeId: string, input: Record<string, unknown>, now: Date): Promise<Added<Film>> {
    const problems: string[] = [];
    const title = text(input.title, 'title', 200, problems);
    const year = whole(input.year, 'year', 1888, now.getUTCFullYear() + 1, problems);
    const runtimeMinutes = whole(input.runtimeMinutes, 'runtimeMinutes', 1, 600, problems);
    const ageRating = text(input.ageRating, 'ageRating', 20, problems);
    const derived = MIN_AGE_BY_RATING[ageRating as keyof typeof MIN_AGE_BY_RATING];
    // A rating we know gives its age; any other (a national rating, "12A") must say its age.
    const minAge =
      input.minAge === undefined && derived !== undefined
        ? derived
        : whole(input.minAge, 'minAge', 0, MAX_AGE, problems);
    const themes = list(input.themes, 'themes', problems);
    const discussionAngle = text(input.discussionAngle, 'discussionAngle', 500, problems);
    if (problems.length) return { problems };
    const film: NewFilm = { title, year, runtimeMinutes, ageRating, minAge, themes, discussionAngle };
    const added = await this.repo.addFilm(programmeId, film);
    return added ? { added } : { problems: [`${title} (${year}) is already in this programme's films`] };
  }

  async addTour(programmeId: string, input: Record<string, unknown>): Promise<Added<VirtualTour>> {
    const problems: string[] = [];
    const name = text(input.name, 'name', 200, problems);
    const url = httpsUrl(input.url, problems);
    const lookAt = text(input.lookAt, 'lookAt', 500, problems);
    const careerQuestion = text(input.careerQuestion, 'careerQuestion', 500, problems);
    if (problems.length) return { problems };
    const tour: NewTour = { name, url, lookAt, careerQuestion };
    const added = await this.repo.addTour(programmeId, tour);
    return added ? { added } : { problems: [`${url} is already in this programme's tours`] };
  }
}

export function checkedMinAge(value: unknown): number | null {
  const problems: string[] = [];
  const n = whole(value, 'minAge', 0, MAX_AGE, problems);
  return problems.length ? null : n;
}

function text(value: unknown, field: string, max: number, problems: string[]): string {
  const s = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
  if (!s || s.length > max) problems.push(`${field} must be text of 1 to ${max} characters`);
  return s;
}

function whole(value: unknown, field: string, min: number, max: number, problems: string[]): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,4}$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    problems.push(`${field} must be a whole number from ${min} to ${max}`);
  return n;
}

/** An array of words, or one comma-separated string (a form field). */
function list(value: unknown, field: string, problems: string[]): string[] {
  const items = (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [])
    .map((v) => (typeof v === 'string' ? v.trim() : ''))
    .filter(Boolean);
  if (items.length < 1 || items.length > 8 || items.some((i) => i.length > 40))
    problems.push(`${field} must be 1 to 8 short themes`);
  return items;
}

/** Tour links go into emails: https only, no credentials in them. */
function httpsUrl(value: unknown, problems: string[]): string {
  const url = typeof value === 'string' && URL.canParse(value.trim()) ? new URL(value.trim()) : null;
  if (!url || url.protocol !== 'https:' || url.username || url.password || url.href.length > 500) {
    problems.push('url must be an https link of at most 500 characters');
    return '';
  }
  return url.href;
}
