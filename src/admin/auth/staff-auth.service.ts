import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { AppConfig } from '../../config/app-config';
import { StaffRepository, type SessionRow } from './staff.repository';
import { randomToken, sha256 } from './tokens';

/** Per address and IP, and per IP, in a sliding window: guessing stays slow across processes. */
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perEmailAndIp: 5, perIp: 50 } as const;

export type LoginResult =
  | { ok: true; sessionToken: string; csrfToken: string; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'rate_limited' };

export interface StaffIdentity {
  staffId: string;
  email: string;
  /** Null for API-token requests, which carry no cookie and so need no CSRF token. */
  csrfToken: string | null;
  sessionHash: string | null;
}

// Verified against when the address is unknown, so the answer takes as long either way.
const DUMMY_HASH = argon2.hash('no such staff member');

@Injectable()
export class StaffAuthService {
  constructor(
    private readonly repo: StaffRepository,
    private readonly config: AppConfig,
  ) {}

  async createStaff(email: string, password: string): Promise<{ id: string; created: boolean }> {
    const address = email.trim().toLowerCase();
    if (!/^[^@\s]+@[^@\s]+$/.test(address)) throw new Error(`not an email address: ${email}`);
    if (password.length < 12) throw new Error('the password needs at least 12 characters');
    return this.repo.upsert(address, await argon2.hash(password, { type: argon2.argon2id }));
  }

  async login(email: string, password: string, ip: string): Promise<LoginResult> {
    const address = email.trim().toLowerCase();
    const since = new Date(Date.now() - LOGIN_LIMITS.windowMs);
    const failures = await this.repo.recentFailures(address, ip, since);
    if (failures.pair >= LOGIN_LIMITS.perEmailAndIp || failures.ip >= LOGIN_LIMITS.perIp) {
      return { ok: false, reason: 'rate_limited' };
    }
    const staff = await this.repo.findByEmail(address);
    const valid = staff
      ? await argon2.verify(staff.passwordHash, password)
      : (await argon2.verify(await DUMMY_HASH, password), false);
    if (!staff || !valid) {
      await this.repo.recordFailure(address, ip);
      return { ok: false, reason: 'invalid' };
    }
    await this.repo.clearFailures(address, ip);
    const sessionToken = randomToken();
    const csrfToken = randomToken();
    const expiresAt = this.expiry();
    await this.repo.insertSession({ idHash: sha256(sessionToken), staffId: staff.id, csrfToken, expiresAt });
    return { ok: true, sessionToken, csrfToken, expiresAt };
  }

  async fromSession(sessionToken: string): Promise<StaffIdentity | null> {
    const hash = sha256(sessionToken);
    const row: SessionRow | null = await this.repo.touchSession(hash, this.expiry());
    return row
      ? { staffId: row.staffId, email: row.email, csrfToken: row.csrfToken, sessionHash: hash }
      : null;
  }

  async fromApiToken(token: string): Promise<StaffIdentity | null> {
    const staff = await this.repo.findByApiTokenHash(sha256(token));
    return staff ? { staffId: staff.id, email: staff.email, csrfToken: null, sessionHash: null } : null;
  }

  /** A new API token for this staff member; the previous one stops working. Shown once. */
  async issueApiToken(staffId: string): Promise<string> {
    const token = `mmst_${randomToken()}`;
    await this.repo.setApiTokenHash(staffId, sha256(token));
    return token;
  }

  async logout(sessionHash: string): Promise<void> {
    await this.repo.deleteSession(sessionHash);
    await this.repo.deleteExpiredSessions();
  }

  private expiry(): Date {
    return new Date(Date.now() + this.config.env.ADMIN_SESSION_HOURS * 3_600_000);
  }
}
