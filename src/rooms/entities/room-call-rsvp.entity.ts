import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { RoomCall } from './room-call.entity';

export type RsvpAnswer = 'yes' | 'no';

/** A member's answer to a call's invitation; the latest answer counts. */
@Entity('room_call_rsvps')
@Check('CHK_room_call_rsvps_answer', `answer IN ('yes', 'no')`)
@Index('IDX_room_call_rsvps_participant', ['participantId'])
export class RoomCallRsvp {
  @PrimaryColumn('uuid', { name: 'call_id' })
  @ForeignKey(() => RoomCall, { name: 'fk_room_call_rsvps_call_id', onDelete: 'CASCADE' })
  callId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_room_call_rsvps_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @Column('text') answer!: RsvpAnswer;
  @Column('timestamptz', { name: 'answered_at' }) answeredAt!: Date;
}
