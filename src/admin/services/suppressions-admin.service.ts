import { Injectable, Logger } from '@nestjs/common';
import { SuppressionService } from '../../outbound/feedback/suppression.service';
import { AdminInputError } from '../admin.errors';
import { SuppressionReadRepository, type SuppressionRow } from '../repositories/suppression-read.repository';
import { logAddress } from '../../common/log-address';
import { AppConfig } from '../../config/app-config';

export const SUPPRESSION_PAGE_SIZE = 200;

export interface SuppressionsView {
  rows: SuppressionRow[];
  counts: { active: number; lifted: number };
}

@Injectable()
export class SuppressionsAdminService {
  private readonly logger = new Logger(SuppressionsAdminService.name);

  constructor(
    private readonly read: SuppressionReadRepository,
    private readonly suppressions: SuppressionService,
    private readonly config: AppConfig,
  ) {}

  async list(active?: boolean): Promise<SuppressionsView> {
    const [rows, counts] = await Promise.all([
      this.read.list({ active, limit: SUPPRESSION_PAGE_SIZE }),
      this.read.counts(),
    ]);
    return { rows, counts };
  }

  /**
   * Sending to the address resumes and its bounce score starts again from zero (the outbound
   * module's rule). Logged with the staff member, since it overrides the bounce protection.
   */
  async lift(address: string, staffEmail: string): Promise<void> {
    const clean = address.trim();
    if (!clean) throw new AdminInputError('No address given.');
    if (!(await this.suppressions.lift(clean))) {
      throw new AdminInputError(`${clean} is not on the suppression list (or was lifted already).`);
    }
    const secret = this.config.env.APP_SECRET;
    this.logger.log(
      { staff: logAddress(staffEmail, secret), address: logAddress(clean, secret) },
      'suppression lifted by staff',
    );
  }
}
