import { Injectable, Logger } from '@nestjs/common';
import { SuppressionRepository } from './suppression.repository';
import { logAddress } from '../../common/log-address';
import { AppConfig } from '../../config/app-config';

/** Discourse's scoring: a soft bounce counts 1, a hard one 2; 4 within 30 days suppresses. */
export const BOUNCE_SCORE = { soft: 1, hard: 2 } as const;
export const BOUNCE_THRESHOLD = 4;
export const BOUNCE_WINDOW_DAYS = 30;

/**
 * Our own suppression list. Every send checks it first; a suppressed delivery is recorded as
 * `suppressed`, never dropped silently. SES's account-level list is not enough: it is managed
 * only through the v2 API and says nothing to our staff.
 */
@Injectable()
export class SuppressionService {
  private readonly logger = new Logger(SuppressionService.name);

  constructor(
    private readonly repo: SuppressionRepository,
    private readonly config: AppConfig,
  ) {}

  isSuppressed(address: string): Promise<boolean> {
    return this.repo.isSuppressed(address);
  }

  async suppress(address: string, reason: string, source: 'ses' | 'dsn' | 'staff'): Promise<boolean> {
    const created = await this.repo.suppress(address, reason, source);
    if (created)
      this.logger.warn(
        { address: logAddress(address, this.config.env.APP_SECRET), source, reason },
        'address suppressed: nothing more is sent to it',
      );
    return created;
  }

  /** Staff action: sending to the address resumes, and its bounce score starts from zero. */
  lift(address: string): Promise<boolean> {
    return this.repo.lift(address);
  }

  /** After a scored bounce: suppresses once the score within the window reaches the threshold. */
  async applyScore(address: string, source: 'ses' | 'dsn', now = new Date()): Promise<boolean> {
    const since = new Date(now.getTime() - BOUNCE_WINDOW_DAYS * 86_400_000);
    const score = await this.repo.bounceScore(address, since);
    if (score < BOUNCE_THRESHOLD) return false;
    return this.suppress(address, `bounce score ${score} in ${BOUNCE_WINDOW_DAYS} days`, source);
  }
}
