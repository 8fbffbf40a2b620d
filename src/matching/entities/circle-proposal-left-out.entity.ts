import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { CircleProposal } from './circle-proposal.entity';

/** A ready mentee a circle proposal put in no circle, left for one-to-one matching, with why. */
@Entity('match_circle_proposal_left_out')
@Index('IDX_match_circle_proposal_left_out_participant', ['participantId'])
export class CircleProposalLeftOut {
  @PrimaryColumn('uuid', { name: 'proposal_id' })
  @ForeignKey(() => CircleProposal, {
    name: 'fk_match_circle_proposal_left_out_proposal_id',
    onDelete: 'CASCADE',
  })
  proposalId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, {
    name: 'fk_match_circle_proposal_left_out_participant_id',
    onDelete: 'CASCADE',
  })
  participantId!: string;
  /** CircleLeftOutReason (circle-plan.ts). */
  @Column('text') reason!: string;
  @Column('text') detail!: string;
}
