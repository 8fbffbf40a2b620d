import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginFailure } from '../entities/login-failure.entity';
import { StaffSession } from '../entities/staff-session.entity';
import { StaffUser } from '../entities/staff-user.entity';

export interface SessionRow {
  staffId: string;
  email: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Staff accounts, their sessions and failed logins. */
@Injectable()
export class StaffRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByEmail(email: string): Promise<StaffUser | null> {
    return this.dataSource.manager.findOneBy(StaffUser, { email });
  }

  findByApiTokenHash(hash: string): Promise<StaffUser | null> {
    return this.dataSource.manager.findOneBy(StaffUser, { apiTokenHash: hash });
  }

  /** Creates the account, or sets a new password when the address already has one. */
  async upsert(email: string, passwordHash: string): Promise<{ id: string; created: boolean }> {
    const rows: { id: string; created: boolean }[] = await this.dataSource.query(
      `INSERT INTO staff_users (email, password_hash) VALUES ($1, $2)
       ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash
       RETURNING id, (xmax = 0) AS created`,
      [email, passwordHash],
    );
    return rows[0];
  }

  async setApiTokenHash(staffId: string, hash: string): Promise<void> {
    await this.dataSource.manager.update(StaffUser, { id: staffId }, { apiTokenHash: hash });
  }

  async insertSession(session: Omit<StaffSession, 'createdAt'>): Promise<void> {
    await this.dataSource.manager.insert(StaffSession, session);
    await this.dataSource.manager.update(StaffUser, { id: session.staffId }, { lastLoginAt: new Date() });
  }

  /** The live session behind a cookie, pushing its expiry forward (sliding idle timeout). */
  async touchSession(idHash: string, expiresAt: Date): Promise<SessionRow | null> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows]: [{ staff_id: string; email: string; csrf_token: string; expires_at: Date }[], number] =
      await this.dataSource.query(
        `UPDATE staff_sessions s SET expires_at = $2
         FROM staff_users u
         WHERE s.id_hash = $1 AND s.expires_at > now() AND u.id = s.staff_id
         RETURNING s.staff_id, u.email, s.csrf_token, s.expires_at`,
        [idHash, expiresAt],
      );
    const row = rows[0];
    return row
      ? { staffId: row.staff_id, email: row.email, csrfToken: row.csrf_token, expiresAt: row.expires_at }
      : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.dataSource.manager.delete(StaffSession, { idHash });
  }

  async deleteExpiredSessions(): Promise<void> {
    await this.dataSource.query(`DELETE FROM staff_sessions WHERE expires_at < now()`);
  }

  /** Failures in the window: for this address from this IP, and from this IP overall. */
  async recentFailures(email: string, ip: string, since: Date): Promise<{ pair: number; ip: number }> {
    const [row]: { pair: string; ip: string }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE email = $1) AS pair, count(*) AS ip
       FROM staff_login_failures WHERE ip = $2 AND failed_at > $3`,
      [email, ip, since],
    );
    return { pair: Number(row.pair), ip: Number(row.ip) };
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await this.dataSource.manager.insert(LoginFailure, { email, ip });
  }

  async clearFailures(email: string, ip: string): Promise<void> {
    await this.dataSource.manager.delete(LoginFailure, { email, ip });
  }
}
