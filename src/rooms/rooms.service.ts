import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DeskReply, DeskResult } from '../desk/desk-registry';
import { EnrolmentRepository } from '../enrolment/enrolment.repository';
import type { Outcome } from '../inbound/inbound.repository';
import { awaitsGuardianConsent, awaitsScreening } from '../matching/readiness';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { Pairing } from '../programs/entities/pairing.entity';
import type { Participant } from '../programs/entities/participant.entity';
import type { Programme } from '../programs/entities/programme.entity';
import { ProgramsService } from '../programs/programs.service';
import { CLOCK, type Clock } from '../prompts/clock';
import type { RoomCommand } from './parse-room-command';
import { readRsvp } from './parse-room-command';
import { RoomMail } from './room-mail';
import { RoomsRepository } from './rooms.repository';

/** What a room command or an answer did: the inbound email's outcome and the emails it wrote. */
export interface RoomResult {
  outcome: Outcome;
  deliveries: Delivery[];
}

/**
 * Joining and leaving topic rooms by email, and answers to their calls. Membership rows belong to
 * programs (ProgramsService); this decides what a command means and who is told, in the
 * caller's transaction.
 */
@Injectable()
export class RoomsService {
  constructor(
    private readonly programs: ProgramsService,
    private readonly repo: RoomsRepository,
    private readonly mail: RoomMail,
    private readonly profiles: EnrolmentRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * `#join <topic>` / `#leave <topic>` from anyone in the programme; `#leave` alone names
   * `current`, the room the reply was sent to. A topic naming no room is answered with the
   * programme's rooms. Nobody whose guardian's consent is awaited joins a room (its members are
   * strangers, adults among them), nor a mentor whose screening is not recorded where the
   * programme screens mentors: the email is recorded as refused, nothing is joined, and they are
   * told why.
   */
  async command(
    tx: EntityManager,
    programme: Programme,
    person: Participant,
    cmd: RoomCommand,
    key: string,
    current: Pairing | null = null,
  ): Promise<RoomResult> {
    const room = cmd.topic
      ? await this.repo.findByTopic(programme.id, cmd.topic, tx)
      : current?.kind === 'room'
        ? current
        : null;
    const reason = cmd.command === 'join' ? 'room_join' : 'room_leave';
    if (!room) {
      const rooms = (await this.repo.summaries(programme.id))
        .filter((r) => r.status !== 'ended')
        .map((r) => ({ name: r.name, topic: r.topic }));
      const deliveries = await this.mail.change(
        tx,
        programme,
        person,
        null,
        { change: 'unknown-topic', topic: cmd.topic ?? '', rooms },
        key,
      );
      return { outcome: { status: 'accepted', reason, detail: `no room "${cmd.topic ?? ''}"` }, deliveries };
    }
    if (cmd.command === 'join') {
      if (awaitsGuardianConsent(await this.profiles.find(person.id, tx), programme)) {
        const detail = `guardian consent awaited for ${room.topic ?? ''}`;
        const told = await this.mail.change(tx, programme, person, room, { change: 'consent-awaited' }, key);
        return { outcome: { status: 'rejected', reason, detail }, deliveries: told };
      }
      if (person.role === 'mentor' && awaitsScreening(person, programme)) {
        const detail = `screening not recorded for ${room.topic ?? ''}`;
        const told = await this.mail.change(tx, programme, person, room, { change: 'screening-awaited' }, key);
        return { outcome: { status: 'rejected', reason, detail }, deliveries: told };
      }
      const joined = await this.programs.joinRoom(room.id, person, tx);
      const change = joined ? 'joined' : 'already-in';
      const deliveries = await this.mail.change(
        tx,
        programme,
        person,
        room,
        { change, roomAddress: room.relayAddress },
        key,
      );
      // A late joiner is invited to the room's calls still to come, as if they had been in it.
      if (joined) deliveries.push(...(await this.inviteToUpcoming(tx, programme, room, person)));
      return { outcome: { status: 'accepted', reason, detail: `${change} ${room.topic}` }, deliveries };
    }
    const left = await this.programs.leaveCircle(room.id, person.id, tx);
    const change = left ? 'left' : 'not-in';
    const deliveries = await this.mail.change(tx, programme, person, room, { change }, key);
    return { outcome: { status: 'accepted', reason, detail: `${change} ${room.topic}` }, deliveries };
  }

  /**
   * The invitation (with the .ics at the call's current SEQUENCE) to each call of the room not
   * cancelled and not started; its dedupe key keeps a leave-and-rejoin from inviting twice.
   */
  private async inviteToUpcoming(
    tx: EntityManager,
    programme: Programme,
    room: Pairing,
    person: Participant,
  ): Promise<Delivery[]> {
    const now = this.clock.now();
    const out: Delivery[] = [];
    for (const call of await this.repo.upcomingCalls(room.id, now, tx))
      out.push(...(await this.mail.call(tx, programme, room, call, person, 'invitation', now)));
    return out;
  }

  /** A reply to a call's invitation or reminder: yes or no (the latest counts), answered either way. */
  async rsvp(reply: DeskReply): Promise<DeskResult> {
    const { tx, participant, programme, ask } = reply;
    // Locked, so a move (which clears the answers) comes wholly before or after this one.
    const call = ask?.refId ? await this.repo.lockCall(tx, ask.refId) : null;
    const room = call ? await this.repo.findRoom(call.pairingId, tx) : null;
    if (!call || !room || !ask) {
      return { outcome: { status: 'rejected', reason: 'desk_no_question', detail: 'the call is gone' } };
    }
    // Its members were told (METHOD:CANCEL); an answer to the old invitation changes nothing.
    if (call.cancelledAt) {
      return {
        outcome: { status: 'rejected', reason: 'desk_no_question', detail: 'the call was cancelled' },
      };
    }
    const key = `rsvp:${reply.inboundEmailId}`;
    const when = this.mail.when(call, participant);
    // Only a move closes a call's asks (RoomCallsService.move): this reply is to an old time.
    // Read again under the lock: the ask in hand may be from before a move that just committed.
    const open = await this.mail.isOpenAsk(tx, participant, ask.id);
    if (!open) {
      const deliveries = await this.mail.change(
        tx,
        programme,
        participant,
        room,
        { change: 'rsvp-moved', ...when },
        key,
      );
      return {
        outcome: { status: 'rejected', reason: 'desk_no_question', detail: 'the call has moved since' },
        deliveries,
      };
    }
    const answer = readRsvp(reply.text, reply.subject);
    if (answer) await this.repo.answer(call.id, participant.id, answer, this.clock.now(), tx);
    const change = answer === 'yes' ? 'rsvp-yes' : answer === 'no' ? 'rsvp-no' : 'rsvp-unclear';
    const deliveries = await this.mail.change(tx, programme, participant, room, { change, ...when }, key);
    return {
      outcome: { status: 'accepted', reason: 'room_rsvp', detail: answer ?? 'unclear' },
      deliveries,
    };
  }
}
