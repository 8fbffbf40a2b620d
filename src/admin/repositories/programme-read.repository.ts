import type { OptOutVia } from '../../programs/entities/participant.entity';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Programme } from '../../programs/entities/programme.entity';

export interface ParticipantRow {
  id: string;
  name: string;
  email: string;
  role: 'mentor' | 'mentee';
  timeZone: string;
  pairings: number;
  /** Prompts and digests stopped: when and how; null while they go out. */
  optedOut: { at: Date; via: OptOutVia } | null;
  /** When staff recorded their background check and training (a programme may screen mentors). */
  backgroundCheckedAt: Date | null;
  trainedAt: Date | null;
}

@Injectable()
export class ProgrammeReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  listProgrammes(): Promise<Programme[]> {
    return this.dataSource.manager.find(Programme, { order: { name: 'ASC' } });
  }

  findProgramme(id: string): Promise<Programme | null> {
    return this.dataSource.manager.findOneBy(Programme, { id });
  }

  /** Participants with how many live (not ended) pairings each is in. */
  async participants(programmeId: string): Promise<ParticipantRow[]> {
    const rows: {
      id: string;
      name: string;
      email: string;
      role: 'mentor' | 'mentee';
      time_zone: string;
      pairings: number;
      prompts_stopped_at: Date | null;
      prompts_stopped_via: OptOutVia | null;
      background_checked_at: Date | null;
      trained_at: Date | null;
    }[] = await this.dataSource.query(
      `SELECT pa.id, pa.name, pa.email, pa.role, pa.time_zone, pa.prompts_stopped_at, pa.prompts_stopped_via,
              pa.background_checked_at, pa.trained_at,
                count(p.id) FILTER (WHERE p.status <> 'ended')::int AS pairings
         FROM participants pa
         LEFT JOIN pairing_members pm ON pm.participant_id = pa.id
         LEFT JOIN pairings p ON p.id = pm.pairing_id
         WHERE pa.programme_id = $1 AND pa.removed_at IS NULL
         GROUP BY pa.id ORDER BY pa.role, pa.name`,
      [programmeId],
    );
    return rows.map(({ prompts_stopped_at: at, prompts_stopped_via: via, time_zone, background_checked_at, trained_at, ...r }) => ({
      ...r,
      backgroundCheckedAt: background_checked_at,
      trainedAt: trained_at,
      timeZone: time_zone,
      optedOut: at ? { at, via: via ?? 'unknown' } : null,
    }));
  }

  /** Lower-cased addresses (main and aliases) already used in the programme. */
  async existingEmails(programmeId: string): Promise<Set<string>> {
    const rows: { email: string }[] = await this.dataSource.query(
      `SELECT DISTINCT unnest(array_append(email_aliases, email)) AS email FROM participants WHERE programme_id = $1`,
      [programmeId],
    );
    return new Set(rows.map((r) => r.email));
  }
}
