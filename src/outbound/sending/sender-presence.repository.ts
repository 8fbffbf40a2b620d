import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Rows of sender_processes: one per process that claims sends, while it runs. */
@Injectable()
export class SenderPresenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Written by the first claim and by every beat (a row deleted while the process stalled comes
   * back). Rows silent for a day go at the same time: processes killed long ago leave theirs.
   */
  async register(id: string, host: string, pid: number): Promise<void> {
    await this.dataSource.query(
      `WITH long_gone AS (DELETE FROM sender_processes WHERE seen_at < now() - interval '1 day')
       INSERT INTO sender_processes (id, host, pid) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET seen_at = now()`,
      [id, host, pid],
    );
  }

  async remove(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM sender_processes WHERE id = $1`, [id]);
  }
}
