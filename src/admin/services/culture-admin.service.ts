import { Inject, Injectable } from '@nestjs/common';
import type { Programme } from '../../programs/entities/programme.entity';
import { ProgramsRepository } from '../../programs/programs.repository';
import { CLOCK, type Clock } from '../../prompts/clock';
import { checkedMinAge, CultureCatalogueService } from '../../prompts/culture/culture-catalogue.service';
import type { Film, VirtualTour } from '../../prompts/culture/culture.repository';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import { ProgrammeAdminService } from './programme-admin.service';

/** A programme's films (each marked whether its age limit lets it be offered) and tours. */
@Injectable()
export class CultureAdminService {
  constructor(
    private readonly programmes: ProgrammeAdminService,
    private readonly programs: ProgramsRepository,
    private readonly catalogue: CultureCatalogueService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async films(programmeId: string): Promise<(Film & { offered: boolean })[]> {
    const programme = await this.programmes.programme(programmeId);
    const films = await this.catalogue.films(programmeId);
    return films.map((f) => ({ ...f, offered: f.minAge <= programme.minAge }));
  }

  async tours(programmeId: string): Promise<VirtualTour[]> {
    await this.programmes.programme(programmeId);
    return this.catalogue.tours(programmeId);
  }

  async addFilm(programmeId: string, input: Record<string, unknown>): Promise<Film> {
    await this.programmes.programme(programmeId);
    const result = await this.catalogue.addFilm(programmeId, input, this.clock.now());
    if ('problems' in result) throw new AdminInputError(result.problems.join('; '));
    return result.added;
  }

  async addTour(programmeId: string, input: Record<string, unknown>): Promise<VirtualTour> {
    await this.programmes.programme(programmeId);
    const result = await this.catalogue.addTour(programmeId, input);
    if ('problems' in result) throw new AdminInputError(result.problems.join('; '));
    return result.added;
  }

  /** The youngest participant's age: films rated above it are never offered. */
  async updateMinAge(programmeId: string, input: Record<string, unknown>): Promise<Programme> {
    const minAge = checkedMinAge(input.minAge);
    if (minAge === null) throw new AdminInputError('minAge must be a whole number from 0 to 21');
    if (!(await this.programs.updateProgrammeMinAge(programmeId, minAge)))
      throw new AdminNotFound('programme');
    return this.programmes.programme(programmeId);
  }
}
