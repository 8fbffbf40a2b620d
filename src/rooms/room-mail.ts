import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { DeskService } from '../desk/desk.service';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { Pairing } from '../programs/entities/pairing.entity';
import type { Participant } from '../programs/entities/participant.entity';
import type { Programme } from '../programs/entities/programme.entity';
import { greetingName } from '../programs/participant-names';
import { buildInvitationIcs } from '../prompts/checkins/invitation-ics';
import { formatLocal, isValidZone } from '../prompts/schedule/local-time';
import type { RoomCallProps } from '../rendering/lifecycle-props';
import type { RoomChangeProps } from '../rendering/template-props';
import type { RoomCall } from './entities/room-call.entity';

/** The desk ask a call's invitation and reminder open: the reply's yes or no answers it. */
export const CALL_ASK = 'room-call';

const LANG_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/**
 * One UID for everyone's copy of a call: a keyed hash of the call's id, so calendars merge a
 * resent invitation and the UID names no room or person (as checkinUid).
 */
export function roomCallUid(callId: string, secret: string, domain: string): string {
  const hash = createHmac('sha256', secret).update(`room-call:${callId}`).digest('hex').slice(0, 32);
  return `room-call-${hash}@${domain}`;
}

type Change = Pick<RoomChangeProps, 'change'> & Partial<Omit<RoomChangeProps, 'change'>>;

/**
 * Rooms' emails, all from the person's own desk address (never the room's, so a reply, a yes or
 * a "#leave" is the programme's to read, not the room's): confirmations and call mail.
 */
@Injectable()
export class RoomMail {
  constructor(
    private readonly desk: DeskService,
    private readonly config: AppConfig,
  ) {}

  private base(programme: Programme, to: Participant) {
    return {
      lang: LANG_TAG.test(to.locale) ? to.locale : 'en',
      programmeName: programme.name,
      recipientName: greetingName(to),
    };
  }

  private zone(to: Participant): string {
    return isValidZone(to.timeZone) ? to.timeZone : 'UTC';
  }

  /** A #join / #leave answer, or an RSVP's; `key` makes it once per cause. */
  async change(
    tx: EntityManager,
    programme: Programme,
    to: Participant,
    room: Pairing | null,
    change: Change,
    key: string,
  ): Promise<Delivery[]> {
    const delivery = await this.desk.tell(tx, {
      participantId: to.id,
      toAddress: to.email,
      dedupeKey: `room:${key}:${change.change}:${to.id}`,
      reason: `room-${change.change}`,
      pairingId: room?.id ?? null,
      input: {
        name: 'notice-room-change',
        props: {
          ...this.base(programme, to),
          roomName: room?.name ?? '',
          roomAddress: '',
          topic: room?.topic ?? '',
          rooms: [],
          ...change,
        },
      },
    });
    return delivery ? [delivery] : [];
  }

  /**
   * Closes this person's open asks about a call (its earlier times'): the desk's "replaced by a
   * newer ask". A reply citing one of them then answers an old time (RoomsService.rsvp).
   */
  async closeAsks(tx: EntityManager, call: RoomCall, to: Participant): Promise<void> {
    for (const ask of await this.desk.openAsks(tx, to.id, CALL_ASK))
      if (ask.refId === call.id) await this.desk.close(tx, ask.id);
  }

  async isOpenAsk(tx: EntityManager, to: Participant, askId: string): Promise<boolean> {
    return (await this.desk.openAsks(tx, to.id, CALL_ASK)).some((a) => a.id === askId);
  }

  /** The start of a call in the reader's zone, for an RSVP's answer. */
  when(call: RoomCall, to: Participant): { whenText: string; zone: string } {
    const zone = this.zone(to);
    return { whenText: formatLocal(call.startsAt, zone, to.locale), zone };
  }

  /**
   * The invitation (with the .ics), an update after staff moved the call (the same UID, the
   * call's higher SEQUENCE), or the day-before reminder, as a desk ask whose reply is the yes or
   * no; a cancellation (METHOD:CANCEL, same UID, higher SEQUENCE) is told, not asked. The .ics is
   * the same event for everyone: one UID, the start in UTC (each calendar shows it in its owner's
   * zone), the link; its organizer is the reader's own desk, so a calendar's Accept or Decline
   * comes back as an answer and reaches nobody else.
   */
  async call(
    tx: EntityManager,
    programme: Programme,
    room: Pairing,
    call: RoomCall,
    to: Participant,
    stage: RoomCallProps['stage'],
    now: Date,
  ): Promise<Delivery[]> {
    const deskAddress = await this.desk.addressOf(to.id, tx);
    const { whenText, zone } = this.when(call, to);
    const ics =
      stage === 'reminder'
        ? null
        : buildInvitationIcs({
            uid: roomCallUid(call.id, this.config.env.APP_SECRET, this.config.env.RELAY_DOMAIN),
            sequence: call.sequence,
            start: call.startsAt,
            durationMinutes: call.durationMinutes,
            summary: `${room.name} call (${programme.name})`,
            description: `Join: ${call.videoLink}`,
            location: call.videoLink,
            organizer: { name: programme.name, address: deskAddress },
            now,
            method: stage === 'cancelled' ? 'CANCEL' : 'REQUEST',
          });
    const method = stage === 'cancelled' ? 'CANCEL' : 'REQUEST';
    const email = {
      participantId: to.id,
      toAddress: to.email,
      // Per version of the call: a moved call's update and its new reminder are new emails.
      dedupeKey: `room-call:${stage}:${call.id}:${call.sequence}:${to.id}`,
      reason: `room-call-${stage}`,
      pairingId: room.id,
      input: {
        name: 'notice-room-call' as const,
        props: {
          ...this.base(programme, to),
          stage,
          roomName: room.name ?? programme.name,
          whenText,
          zone,
          durationMinutes: call.durationMinutes,
          videoLink: call.videoLink,
        },
      },
      ...(ics
        ? {
            attachments: [
              {
                filename: 'invite.ics',
                contentType: `text/calendar; method=${method}`,
                base64: Buffer.from(ics).toString('base64'),
              },
            ],
          }
        : {}),
    };
    if (stage === 'cancelled') {
      const told = await this.desk.tell(tx, email);
      return told ? [told] : [];
    }
    const asked = await this.desk.ask(tx, { ...email, kind: CALL_ASK, refId: call.id });
    return asked ? [asked.delivery] : [];
  }
}
