import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Transactor } from '../database/transactor';
import { CLOCK, type Clock } from '../prompts/clock';
import { isoWeekOf, isValidZone } from '../prompts/schedule/local-time';
import { SendNowError } from '../prompts/send-now/send-now.error';
import { DigestFanoutRepository } from './digest-fanout.repository';
import { DigestSendNowRepository } from './digest-send-now.repository';

/**
 * "Send this person's digest now" (the CLI's digest:send): the weekly digest's own delivery and
 * composer, one per active pairing, built at send time like any other. Each request is its own
 * digest (its key carries the moment), so it never stands in for the weekly one.
 */
@Injectable()
export class DigestSendNowService {
  constructor(
    private readonly repo: DigestSendNowRepository,
    private readonly fanout: DigestFanoutRepository,
    private readonly transactor: Transactor,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The new digest deliveries' ids. */
  async send(email: string): Promise<string[]> {
    const memberships = await this.repo.membershipsOf(email);
    if (memberships.length === 0) throw new SendNowError(`No participant has the address ${email}.`);
    const active = memberships.filter((m) => m.pairingStatus === 'active');
    if (active.length === 0)
      throw new SendNowError(
        `${email} is in no active pairing (${memberships.map((m) => m.pairingStatus).join(', ')}): no digest is sent.`,
      );
    const now = this.clock.now();
    const rows = active.map((m) => ({
      participantId: m.participantId,
      pairingId: m.pairingId,
      dedupeKey: `digest-now:${m.participantId}:${m.pairingId}:${now.toISOString()}`,
      isoWeek: isoWeekOf(now, isValidZone(m.timeZone) ? m.timeZone : 'UTC'),
    }));
    return this.transactor.run((tx) => this.fanout.insertDeliveries(tx, rows, this.config.env.RELAY_DOMAIN));
  }
}
