import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginFailure } from '../entities/login-failure.entity';
import { StaffSession } from '../entities/staff-session.entity';
import { StaffUser } from '../entities/staff-user.entity';

export interface AttemptLimits {
  perEmailAndIp: number;
  perIp: number;
}

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

  /**
   * Creates the account, or sets a new password when the address already has one. A new
   * password ends every session and the API token in the same statement: a reset is how staff
   * lock out whoever learnt the old one.
   */
  async upsert(email: string, passwordHash: string): Promise<{ id: string; created: boolean }> {
    const rows: { id: string; created: boolean }[] = await this.dataSource.query(
      `WITH saved AS (
         INSERT INTO staff_users (email, password_hash) VALUES ($1, $2)
         ON CONFLICT (email) DO UPDATE SET password_hash = EXCLUDED.password_hash, api_token_hash = NULL
         RETURNING id, (xmax = 0) AS created
       ), ended AS (
         DELETE FROM staff_sessions s USING saved WHERE s.staff_id = saved.id
       )
       SELECT id, created FROM saved`,
      [email, passwordHash],
    );
    return rows[0];
  }

  async setApiTokenHash(staffId: string, hash: string): Promise<void> {
    await this.dataSource.manager.update(StaffUser, { id: staffId }, { apiTokenHash: hash });
  }

  async weeklyDigest(staffId: string): Promise<boolean> {
    const row = await this.dataSource.manager.findOne(StaffUser, { where: { id: staffId }, select: { weeklyDigest: true } });
    return row?.weeklyDigest ?? false;
  }

  async setWeeklyDigest(staffId: string, on: boolean): Promise<void> {
    await this.dataSource.manager.update(StaffUser, { id: staffId }, { weeklyDigest: on });
  }

  async insertSession(session: Omit<StaffSession, 'createdAt'>): Promise<void> {
    await this.dataSource.manager.insert(StaffSession, session);
    await this.dataSource.manager.update(StaffUser, { id: session.staffId }, { lastLoginAt: new Date() });
  }

  /**
   * The live session behind a cookie, pushing its expiry forward (sliding idle timeout) but
   * never past `maxAgeMs` after the login: a stolen cookie kept busy still dies.
   */
  async touchSession(idHash: string, expiresAt: Date, maxAgeMs: number): Promise<SessionRow | null> {
    // An UPDATE answers [rows, count] through TypeORM.
    const [rows]: [{ staff_id: string; email: string; csrf_token: string; expires_at: Date }[], number] =
      await this.dataSource.query(
        `UPDATE staff_sessions s
         SET expires_at = LEAST($2, s.created_at + make_interval(secs => $3 / 1000.0))
         FROM staff_users u
         WHERE s.id_hash = $1 AND s.expires_at > now() AND u.id = s.staff_id
           AND s.created_at > now() - make_interval(secs => $3 / 1000.0)
         RETURNING s.staff_id, u.email, s.csrf_token, s.expires_at`,
        [idHash, expiresAt, maxAgeMs],
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

  /**
   * Records an attempt as a failure BEFORE the password is checked, if the window still allows
   * one for this address from this IP and for this IP overall; null when it does not. Attempts
   * from one IP take a lock in turn, so thirty at once cannot all read "4 so far" and all pass.
   */
  async reserveAttempt(
    email: string,
    ip: string,
    since: Date,
    limits: AttemptLimits,
  ): Promise<string | null> {
    return this.dataSource.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`staff-login:${ip}`]);
      const rows: { id: string }[] = await tx.query(
        `INSERT INTO staff_login_failures (email, ip)
         SELECT $1, $2 FROM staff_login_failures WHERE ip = $2 AND failed_at > $3
         HAVING count(*) FILTER (WHERE email = $1) < $4 AND count(*) < $5
         RETURNING id`,
        [email, ip, since, limits.perEmailAndIp, limits.perIp],
      );
      return rows[0]?.id ?? null;
    });
  }

  /** Gives back an attempt whose password was never checked (the server was too busy). */
  async releaseAttempt(id: string): Promise<void> {
    await this.dataSource.manager.delete(LoginFailure, { id });
  }

  async clearFailures(email: string, ip: string): Promise<void> {
    await this.dataSource.manager.delete(LoginFailure, { email, ip });
  }
}
