import { Injectable } from '@nestjs/common';
import { AdminInputError } from '../admin.errors';
import { CoordinatorRepository, type StaffOption } from '../repositories/coordinator.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CoordinatorsView {
  coordinators: StaffOption[];
  /** Staff who could be added (every staff account not coordinating it yet). */
  others: StaffOption[];
}

/** Which staff coordinate a programme: whose weekly digest carries its work. */
@Injectable()
export class CoordinatorsService {
  constructor(private readonly repo: CoordinatorRepository) {}

  async view(programmeId: string): Promise<CoordinatorsView> {
    const [coordinators, staff] = await Promise.all([this.repo.coordinators(programmeId), this.repo.staff()]);
    const taken = new Set(coordinators.map((c) => c.id));
    return { coordinators, others: staff.filter((s) => !taken.has(s.id)) };
  }

  async add(programmeId: string, staffId: unknown): Promise<void> {
    if (typeof staffId !== 'string' || !UUID.test(staffId) || !(await this.repo.add(programmeId, staffId)))
      throw new AdminInputError('Choose a staff account to add.');
  }

  remove(programmeId: string, staffId: string): Promise<void> {
    return this.repo.remove(programmeId, staffId);
  }

  programmesOf(staffId: string): Promise<{ id: string; name: string }[]> {
    return this.repo.programmesOf(staffId);
  }
}
