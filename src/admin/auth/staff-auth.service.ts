import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';
import { AppConfig } from '../../config/app-config';
import { StaffRepository, type SessionRow } from './staff.repository';
import { API_TOKEN_PREFIX, isCanonicalApiToken, isCanonicalToken, randomToken, sha256 } from './tokens';
import { GateFull, WorkGate } from './work-gate';

/** Per address and IP, and per IP, in a sliding window: guessing stays slow across processes. */
export const LOGIN_LIMITS = { windowMs: 15 * 60_000, perEmailAndIp: 5, perIp: 50 } as const;

/**
 * argon2 verifications at a time in this process, and how many more may wait (about a second's
 * worth); past that a login is answered "busy" at once, so a flood cannot starve the relay.
 */
export const ARGON2_GATE = { concurrency: 2, queue: 16 } as const;

/** Why a login did not open a session; the controller maps each to its answer (401, 429, 503). */
export type LoginRefusal = 'invalid' | 'rate_limited' | 'busy';

export type LoginResult =
  | { ok: true; sessionToken: string; csrfToken: string; expiresAt: Date }
  | { ok: false; reason: LoginRefusal };

export interface StaffIdentity {
  staffId: string;
  email: string;
  /** Null for API-token requests, which carry no cookie and so need no CSRF token. */
  csrfToken: string | null;
  sessionHash: string | null;
}

@Injectable()
export class StaffAuthService {
  private readonly argon2Gate = new WorkGate(ARGON2_GATE.concurrency, ARGON2_GATE.queue);
  // Verified against when the address is unknown, so the answer takes as long either way. Made
  // at the first login rather than at load: a hash is a real argon2 run (its CPU and memory), and
  // most processes (workers, commands) never see a login.
  private dummyHash?: Promise<string>;

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

  /**
   * The attempt is counted before argon2 runs (and given back only if argon2 never ran), so
   * parallel guesses get exactly the limit's worth of answers, however many arrive at once.
   */
  async login(email: string, password: string, ip: string): Promise<LoginResult> {
    const address = email.trim().toLowerCase();
    const since = new Date(Date.now() - LOGIN_LIMITS.windowMs);
    const attempt = await this.repo.reserveAttempt(address, ip, since, LOGIN_LIMITS);
    if (!attempt) return { ok: false, reason: 'rate_limited' };
    let staff: { id: string } | null;
    try {
      staff = await this.argon2Gate.run(() => this.verify(address, password));
    } catch (error) {
      if (!(error instanceof GateFull)) throw error;
      await this.repo.releaseAttempt(attempt);
      return { ok: false, reason: 'busy' };
    }
    // A wrong password leaves the attempt recorded: it was the failure.
    if (!staff) return { ok: false, reason: 'invalid' };
    await this.repo.clearFailures(address, ip);
    const sessionToken = randomToken();
    const csrfToken = randomToken();
    const expiresAt = this.expiry(new Date());
    await this.repo.insertSession({ idHash: sha256(sessionToken), staffId: staff.id, csrfToken, expiresAt });
    return { ok: true, sessionToken, csrfToken, expiresAt };
  }

  /** The staff member when the password is theirs; the same argon2 work when the address is unknown. */
  private async verify(address: string, password: string): Promise<{ id: string } | null> {
    // Both branches wait for it, so the first login too takes as long for a known address as for an unknown one.
    const dummy = await this.dummy();
    const staff = await this.repo.findByEmail(address);
    if (!staff) {
      await argon2.verify(dummy, password);
      return null;
    }
    return (await argon2.verify(staff.passwordHash, password)) ? staff : null;
  }

  /** Made at the first login; made again at the next one if making it failed. */
  private dummy(): Promise<string> {
    this.dummyHash ??= argon2.hash('no such staff member').catch((error: unknown) => {
      this.dummyHash = undefined;
      throw error;
    });
    return this.dummyHash;
  }

  async fromSession(sessionToken: string): Promise<StaffIdentity | null> {
    if (!isCanonicalToken(sessionToken)) return null;
    const hash = sha256(sessionToken);
    const row: SessionRow | null = await this.repo.touchSession(hash, this.expiry(), this.maxAgeMs);
    return row
      ? { staffId: row.staffId, email: row.email, csrfToken: row.csrfToken, sessionHash: hash }
      : null;
  }

  async fromApiToken(token: string): Promise<StaffIdentity | null> {
    if (!isCanonicalApiToken(token)) return null;
    const staff = await this.repo.findByApiTokenHash(sha256(token));
    return staff ? { staffId: staff.id, email: staff.email, csrfToken: null, sessionHash: null } : null;
  }

  /** A new API token for this staff member; the previous one stops working. Shown once. */
  /** Whether the weekly staff digest (src/attention/staff-digest.service.ts) is sent to them. */
  weeklyDigest(staffId: string): Promise<boolean> {
    return this.repo.weeklyDigest(staffId);
  }

  setWeeklyDigest(staffId: string, on: boolean): Promise<void> {
    return this.repo.setWeeklyDigest(staffId, on);
  }

  async issueApiToken(staffId: string): Promise<string> {
    const token = `${API_TOKEN_PREFIX}${randomToken()}`;
    await this.repo.setApiTokenHash(staffId, sha256(token));
    return token;
  }

  async logout(sessionHash: string): Promise<void> {
    await this.repo.deleteSession(sessionHash);
    await this.repo.deleteExpiredSessions();
  }

  private get maxAgeMs(): number {
    return this.config.env.ADMIN_SESSION_MAX_HOURS * 3_600_000;
  }

  /** The idle expiry; a new session's is also capped by its absolute lifetime. */
  private expiry(loginAt?: Date): Date {
    const idle = Date.now() + this.config.env.ADMIN_SESSION_HOURS * 3_600_000;
    return new Date(loginAt ? Math.min(idle, loginAt.getTime() + this.maxAgeMs) : idle);
  }
}
