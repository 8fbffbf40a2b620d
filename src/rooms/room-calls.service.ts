import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Transactor } from '../database/transactor';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { maskAddresses } from '../outbound/mime/mask-addresses';
import { OutboxService } from '../outbound/outbox.service';
import type { Pairing } from '../programs/entities/pairing.entity';
import { ProgramsRepository } from '../programs/programs.repository';
import { CLOCK, type Clock } from '../prompts/clock';
import type { RoomCall } from './entities/room-call.entity';
import { RoomMail } from './room-mail';
import { RoomsRepository, type CallAttendee } from './rooms.repository';

/** A call staff asked for that cannot be: the message says why. */
export class RoomCallError extends Error {}

export interface NewRoomCall {
  startsAt: Date;
  durationMinutes: number;
  videoLink: string;
}

/** Who is coming to a call, for staff. */
export interface CallRsvps {
  call: RoomCall;
  coming: CallAttendee[];
  notComing: CallAttendee[];
  noAnswer: CallAttendee[];
}

const DAY_MS = 86_400_000;

/**
 * Topic calls: staff schedule one for a room, every current member is invited by email (with the
 * same .ics), and the day before, the schedule tick reminds those who said yes.
 */
@Injectable()
export class RoomCallsService {
  private readonly logger = new Logger(RoomCallsService.name);

  constructor(
    private readonly repo: RoomsRepository,
    private readonly programs: ProgramsRepository,
    private readonly mail: RoomMail,
    private readonly outbox: OutboxService,
    private readonly transactor: Transactor,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Schedules a call and invites every current member; the invitations are queued after the commit. */
  async schedule(room: Pairing, input: NewRoomCall): Promise<{ call: RoomCall; invited: number }> {
    const now = this.clock.now();
    this.check(input, now);
    if (room.status === 'ended') throw new RoomCallError('The room is closed');
    const programme = (await this.programs.findProgramme(room.programmeId))!;
    const { call, deliveries } = await this.transactor.run(async (tx) => {
      const call = await this.repo.insertCall(
        {
          pairingId: room.id,
          startsAt: input.startsAt,
          durationMinutes: input.durationMinutes,
          videoLink: input.videoLink,
          // Less than a day ahead: the invitation is the reminder.
          remindedAt: input.startsAt.getTime() - now.getTime() <= DAY_MS ? now : null,
        },
        tx,
      );
      const deliveries: Delivery[] = [];
      for (const { participant } of await this.repo.attendees(call, tx)) {
        deliveries.push(...(await this.mail.call(tx, programme, room, call, participant, 'invitation', now)));
      }
      return { call, deliveries };
    });
    await this.outbox.enqueue(deliveries);
    return { call, invited: deliveries.length };
  }

  /**
   * Staff move a call (a new start, and length if given): everyone in the room gets the updated
   * invitation (same UID, SEQUENCE one more), which asks them again. Every earlier answer is
   * forgotten: a yes to the old time says nothing about the new one, so only a yes to the new time
   * brings the day-before reminder, which follows the new start. The asks of the old time are
   * closed, so a late reply to them is told the new time instead of counting (RoomsService.rsvp).
   */
  async move(
    call: RoomCall,
    input: { startsAt: Date; durationMinutes?: number },
  ): Promise<{ call: RoomCall; told: number }> {
    const now = this.clock.now();
    const durationMinutes = input.durationMinutes ?? call.durationMinutes;
    this.check({ startsAt: input.startsAt, durationMinutes, videoLink: call.videoLink }, now);
    return this.change(call, 'update', {
      startsAt: input.startsAt,
      durationMinutes,
      // Less than a day ahead: the updated invitation is the reminder.
      remindedAt: input.startsAt.getTime() - now.getTime() <= DAY_MS ? now : null,
      cancelledAt: null,
    });
  }

  /** Staff cancel a call: everyone in the room gets a METHOD:CANCEL of its UID; no reminder goes. */
  async cancel(call: RoomCall): Promise<{ call: RoomCall; told: number }> {
    const now = this.clock.now();
    return this.change(call, 'cancelled', {
      startsAt: call.startsAt,
      durationMinutes: call.durationMinutes,
      remindedAt: call.remindedAt ?? now,
      cancelledAt: now,
    });
  }

  private async change(
    call: RoomCall,
    stage: 'update' | 'cancelled',
    values: Pick<RoomCall, 'startsAt' | 'durationMinutes' | 'remindedAt' | 'cancelledAt'>,
  ): Promise<{ call: RoomCall; told: number }> {
    const now = this.clock.now();
    if (call.cancelledAt) throw new RoomCallError('The call is cancelled already');
    if (call.startsAt.getTime() <= now.getTime()) throw new RoomCallError('The call has started already');
    const { changed, deliveries } = await this.transactor.run(async (tx) => {
      const changed = await this.repo.changeCall(tx, call.id, values);
      if (!changed) throw new RoomCallError('The call is cancelled already');
      const room = (await this.repo.findRoom(changed.pairingId, tx))!;
      const programme = (await this.programs.findProgramme(room.programmeId, tx))!;
      if (stage === 'update') await this.repo.clearAnswers(tx, changed.id);
      const deliveries: Delivery[] = [];
      for (const { participant } of await this.repo.attendees(changed, tx)) {
        // Before the new ask: the old time's asks are replaced by it.
        if (stage === 'update') await this.mail.closeAsks(tx, changed, participant);
        deliveries.push(...(await this.mail.call(tx, programme, room, changed, participant, stage, now)));
      }
      return { changed, deliveries };
    });
    await this.outbox.enqueue(deliveries);
    return { call: changed, told: deliveries.length };
  }

  private check(input: NewRoomCall, now: Date): void {
    const problem =
      (Number.isNaN(input.startsAt.getTime()) && 'startsAt must be a date and time') ||
      (input.startsAt.getTime() <= now.getTime() && 'startsAt must be in the future') ||
      ((!Number.isInteger(input.durationMinutes) ||
        input.durationMinutes < 5 ||
        input.durationMinutes > 480) &&
        'durationMinutes must be a whole number from 5 to 480') ||
      ((!/^https:\/\/\S+$/.test(input.videoLink) ||
        maskAddresses(input.videoLink, { ourDomain: this.config.env.RELAY_DOMAIN }) !== input.videoLink) &&
        'videoLink must be an https:// link that carries no email address');
    if (problem) throw new RoomCallError(problem);
  }

  async rsvps(call: RoomCall): Promise<CallRsvps> {
    const all = await this.repo.attendees(call);
    return {
      call,
      coming: all.filter((a) => a.answer === 'yes'),
      notComing: all.filter((a) => a.answer === 'no'),
      noAnswer: all.filter((a) => a.answer === null),
    };
  }

  /** Called by the schedule tick: reminders for calls starting within a day, to those who said yes. */
  async remindDue(now: Date): Promise<number> {
    const deliveries = await this.transactor.run(async (tx) => {
      const out: Delivery[] = [];
      for (const call of await this.repo.claimDueReminders(tx, now)) {
        const room = await this.repo.findRoom(call.pairingId, tx);
        if (!room || room.status === 'ended') continue;
        const programme = (await this.programs.findProgramme(room.programmeId, tx))!;
        for (const a of await this.repo.attendees(call, tx)) {
          if (a.answer !== 'yes') continue;
          out.push(...(await this.mail.call(tx, programme, room, call, a.participant, 'reminder', now)));
        }
      }
      return out;
    });
    await this.outbox.enqueue(deliveries);
    if (deliveries.length) this.logger.log({ reminders: deliveries.length }, 'room call reminders queued');
    return deliveries.length;
  }
}
