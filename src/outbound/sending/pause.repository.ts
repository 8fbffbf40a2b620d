import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboundPause } from '../entities/outbound-pause.entity';

@Injectable()
export class PauseRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Sets or extends the pause; an earlier end never shortens a pause already recorded. */
  async upsert(name: string, until: Date, reason: string): Promise<OutboundPause> {
    const rows = (await this.dataSource.query(
      `INSERT INTO outbound_pauses (name, until, reason) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET until = GREATEST(outbound_pauses.until, EXCLUDED.until),
         reason = EXCLUDED.reason, updated_at = now()
       RETURNING name, until, reason`,
      [name, until, reason],
    )) as { name: string; until: Date; reason: string }[];
    return this.dataSource.manager.create(OutboundPause, rows[0]);
  }

  find(name: string): Promise<OutboundPause | null> {
    return this.dataSource.manager.findOneBy(OutboundPause, { name });
  }

  /** Ends the pause unless someone extended it past `now` meanwhile. */
  async clearIfEnded(name: string, now: Date): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(OutboundPause)
      .where('name = :name AND until <= :now', { name, now })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}
