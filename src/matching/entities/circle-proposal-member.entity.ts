import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Participant, type ParticipantRole } from '../../programs/entities/participant.entity';
import { ProposedCircle } from './circle-proposal-circle.entity';

/** A lead (`mentor`) or member (`mentee`) of a proposed circle. */
@Entity('match_circle_proposal_members')
@Index('IDX_match_circle_proposal_members_participant', ['participantId'])
@Check('CHK_match_circle_proposal_members_role', `role IN ('mentor', 'mentee')`)
export class ProposedCircleMember {
  @PrimaryColumn('uuid', { name: 'circle_id' })
  @ForeignKey(() => ProposedCircle, {
    name: 'fk_match_circle_proposal_members_circle_id',
    onDelete: 'CASCADE',
  })
  circleId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, {
    name: 'fk_match_circle_proposal_members_participant_id',
    onDelete: 'CASCADE',
  })
  participantId!: string;
  @Column('text') role!: ParticipantRole;
}
