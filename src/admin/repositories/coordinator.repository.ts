import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface StaffOption {
  id: string;
  email: string;
}

/** Who coordinates which programme (programme_coordinators). */
@Injectable()
export class CoordinatorRepository {
  constructor(private readonly dataSource: DataSource) {}

  coordinators(programmeId: string): Promise<StaffOption[]> {
    return this.dataSource.query(
      `SELECT s.id, s.email FROM programme_coordinators c JOIN staff_users s ON s.id = c.staff_id
       WHERE c.programme_id = $1 ORDER BY s.email`,
      [programmeId],
    );
  }

  staff(): Promise<StaffOption[]> {
    return this.dataSource.query(`SELECT id, email FROM staff_users ORDER BY email`);
  }

  /** False when the programme or the staff member does not exist (a stale form). */
  async add(programmeId: string, staffId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO programme_coordinators (programme_id, staff_id)
       SELECT p.id, s.id FROM programmes p, staff_users s WHERE p.id = $1 AND s.id = $2
       ON CONFLICT DO NOTHING RETURNING staff_id`,
      [programmeId, staffId],
    );
    return rows.length > 0;
  }

  async remove(programmeId: string, staffId: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM programme_coordinators WHERE programme_id = $1 AND staff_id = $2`,
      [programmeId, staffId],
    );
  }

  programmesOf(staffId: string): Promise<{ id: string; name: string }[]> {
    return this.dataSource.query(
      `SELECT p.id, p.name FROM programme_coordinators c JOIN programmes p ON p.id = c.programme_id
       WHERE c.staff_id = $1 ORDER BY p.name`,
      [staffId],
    );
  }
}
