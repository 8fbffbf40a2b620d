import { Injectable } from '@nestjs/common';
import type { Programme } from '../../programs/entities/programme.entity';
import type { FilmCard, TourCard } from '../../rendering/template-props';
import type { PromptDefinition } from '../library/prompt-types';
import type { RoleAnswer } from '../sequencing/prompt-answers.repository';
import { PromptAnswersRepository } from '../sequencing/prompt-answers.repository';
import { CultureRepository, type Film } from './culture.repository';
import { readFilmChoice } from './film-choice';

/** The prompt whose reply names the film the discussion is about. */
export const FILM_PICK_KEY = 'movie-club-pick';

export interface CultureProps {
  films?: FilmCard[];
  film?: FilmCard;
  tour?: TourCard;
}

/** Fills movie club and museum visit prompts from the programme's films and tours. */
@Injectable()
export class CultureService {
  constructor(
    private readonly repo: CultureRepository,
    private readonly answers: PromptAnswersRepository,
  ) {}

  async propsFor(
    prompt: PromptDefinition,
    issued: { id: string; pairingId: string },
    programme: Programme,
  ): Promise<CultureProps | undefined> {
    if (prompt.uses === 'film-pick') {
      const films = await this.repo.offerFilms(issued.id, issued.pairingId, programme.id, programme.minAge);
      return { films: films.map(filmCard) };
    }
    if (prompt.uses === 'film-discussion') {
      const film = await this.chosenFilm(issued.pairingId);
      return { film: film ? filmCard(film, 0) : undefined };
    }
    if (prompt.uses === 'virtual-tour') {
      const tour = await this.repo.tourFor(issued.pairingId, programme.id);
      return tour
        ? {
            tour: {
              name: tour.name,
              url: tour.url,
              lookAt: tour.lookAt,
              careerQuestion: tour.careerQuestion,
            },
          }
        : {};
    }
    return undefined;
  }

  /**
   * The film the pair chose in its latest pick: the mentee's reply decides (they make the final
   * pick), else the mentor's; the last reply of each counts. Null when nobody named one.
   */
  async chosenFilm(pairingId: string): Promise<Film | null> {
    const pick = await this.repo.latestPrompt(pairingId, FILM_PICK_KEY);
    if (!pick) return null;
    const [offered, answers] = await Promise.all([
      this.repo.offeredFilms(pick.id),
      this.answers.forPrompt(pick.id),
    ]);
    const titles = offered.map((f) => f.title);
    const byRole = (role: string) => answers.filter((a: RoleAnswer) => a.role === role).at(-1);
    for (const answer of [byRole('mentee'), byRole('mentor')]) {
      const index = answer ? readFilmChoice(answer.text, titles) : null;
      if (index !== null) return offered[index];
    }
    return null;
  }
}

function filmCard(film: Film, i: number): FilmCard {
  const h = Math.floor(film.runtimeMinutes / 60);
  const min = film.runtimeMinutes % 60;
  return {
    number: i + 1,
    title: film.title,
    year: film.year,
    runtimeText: h ? `${h} h ${min} min` : `${min} min`,
    ageRating: film.ageRating,
    themesText: film.themes.join(', '),
    discussionAngle: film.discussionAngle,
  };
}
