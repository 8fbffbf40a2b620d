import { Injectable, Logger } from '@nestjs/common';
import { JobQueue } from '../queues/job-queue';
import { PausedMailRepository } from './paused-mail.repository';

/**
 * Mail a member sent while their pairing was paused waits, held (PausedPairingCheck). When the
 * pairing leaves the pause it is processed again from the start, in the order it arrived: relayed
 * if the pairing was resumed, answered with the ended notice if it was ended.
 */
@Injectable()
export class PausedMailService {
  private readonly logger = new Logger(PausedMailService.name);

  constructor(
    private readonly repo: PausedMailRepository,
    private readonly queue: JobQueue,
  ) {}

  /** Call once the pairing is no longer paused; returns how many emails were released. */
  async releaseFor(pairingId: string): Promise<number> {
    const ids = await this.repo.release(pairingId);
    for (const id of ids) {
      try {
        // Its first job may still be kept as completed under the same jobId: revive replaces it.
        await this.queue.reviveInbound(id);
      } catch (error) {
        // Back to `received` in PostgreSQL already: the recovery sweep queues it once Redis is back.
        this.logger.warn(
          { inboundId: id, pairingId, err: error },
          'could not queue a released inbound email',
        );
      }
    }
    if (ids.length > 0)
      this.logger.log(
        { pairingId, inboundIds: ids },
        `pairing resumed: ${ids.length} waiting emails released`,
      );
    return ids.length;
  }

  waiting(pairingId: string): Promise<number> {
    return this.repo.countWaiting(pairingId);
  }
}
