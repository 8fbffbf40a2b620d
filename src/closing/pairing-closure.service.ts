import { Inject, Injectable } from '@nestjs/common';
import { AdminInputError, AdminNotFound } from '../admin/admin.errors';
import { PairingActionsRepository } from '../attention/pairing-actions.repository';
import { Transactor } from '../database/transactor';
import { PausedMailService } from '../inbound/paused-mail.service';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { OutboxService } from '../outbound/outbox.service';
import { ProgramsRepository } from '../programs/programs.repository';
import { CLOCK, type Clock } from '../prompts/clock';
import { ClosingNotices } from './closing-notices';
import { ClosingRepository } from './closing.repository';

export interface CloseRequest {
  /** 'rematch': both are told they can be matched again (staff will be in touch). */
  reason: 'staff' | 'rematch';
  /** Record "never pair these two again" for every mentor and mentee of the pair. */
  neverAgain: boolean;
  note?: string | null;
  /** Who ended it (null: not a staff member): kept in the pairing's history, in the same transaction. */
  staffId: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Staff's side of an ending: close a pair (both told kindly, its open rematch requests answered,
 * "never again" kept), and invite a good pair to continue for another cycle.
 */
@Injectable()
export class PairingClosureService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly closing: ClosingRepository,
    private readonly notices: ClosingNotices,
    private readonly outbox: OutboxService,
    private readonly pausedMail: PausedMailService,
    private readonly actions: PairingActionsRepository,
    private readonly transactor: Transactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async close(pairingId: string, req: CloseRequest): Promise<void> {
    const found = await this.programs.findPairing(pairingId);
    if (!found) throw new AdminNotFound('pairing');
    const now = this.clock.now();
    const deliveries = await this.transactor.run(async (tx) => {
      if (!(await this.programs.endPairing(pairingId, req.reason, now, tx)))
        throw new AdminInputError('This pairing has already ended.');
      if (req.neverAgain) {
        const mentors = found.members.filter((m) => m.role === 'mentor');
        const mentees = found.members.filter((m) => m.role === 'mentee');
        await this.closing.exclude(
          mentors.flatMap((mentor) =>
            mentees.map((mentee) => ({
              programmeId: found.programme.id,
              mentorId: mentor.id,
              menteeId: mentee.id,
              reason: req.note?.trim() || null,
            })),
          ),
          tx,
        );
      }
      await this.closing.resolveRematches(pairingId, now, tx);
      await this.closing.clearContinuation(pairingId, tx);
      await this.actions.record(
        { pairingId, action: 'end', note: historyNote(req), staffId: req.staffId, createdAt: now },
        tx,
      );
      return this.notices.ended(tx, found, req.reason);
    });
    await this.outbox.enqueue(deliveries);
    // Mail held while it was paused is answered with the ended notice now, not kept for ever.
    if (found.pairing.status === 'paused') await this.pausedMail.releaseFor(pairingId);
  }

  /** Asks every member to reply #continue; when all have, the pair runs until `newEndsOn`. */
  async inviteToContinue(pairingId: string, newEndsOn: string, staffId: string | null): Promise<void> {
    const found = await this.programs.findPairing(pairingId);
    if (!found) throw new AdminNotFound('pairing');
    // A reply to an ended pair's address is not read (it gets the ended notice): invite before the end.
    if (found.pairing.status === 'ended')
      throw new AdminInputError('This pairing has ended: its members can no longer answer by reply.');
    const endsOn = found.pairing.endsOn ?? found.programme.endsOn;
    const today = this.clock.now().toISOString().slice(0, 10);
    if (!ISO_DATE.test(newEndsOn) || newEndsOn <= today || (endsOn && newEndsOn <= endsOn))
      throw new AdminInputError('The new end date must be a date after today and after the current end.');
    const deliveries: Delivery[] = await this.transactor.run(async (tx) => {
      const now = this.clock.now();
      await this.closing.invite(
        pairingId,
        found.members.map((m) => m.id),
        newEndsOn,
        now,
        tx,
      );
      // Kept in the pairing's history with who asked, like every other staff action on it.
      const note = `Until ${newEndsOn}, once every member replies #continue.`;
      await this.actions.record({ pairingId, action: 'continue', note, staffId, createdAt: now }, tx);
      return this.notices.continueInvite(tx, found, newEndsOn, endsOn);
    });
    await this.outbox.enqueue(deliveries);
  }
}

/** The history's line for an ending: what the members were told beyond "it ended", then staff's note. */
function historyNote(req: CloseRequest): string | null {
  const parts = [
    req.reason === 'rematch' ? 'Both offered a new match.' : null,
    req.neverAgain ? 'Never to be paired again.' : null,
    req.note?.trim() || null,
  ].filter((p): p is string => p !== null);
  return parts.length ? parts.join(' ').slice(0, 2000) : null;
}
