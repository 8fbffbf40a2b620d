import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';
import { CircleProposal } from './circle-proposal.entity';

/** `proposed`: waiting for staff; `accepted`: it is the circle `pairingId` now; `discarded`: staff said no. */
export type ProposedCircleStatus = 'proposed' | 'accepted' | 'discarded';

/** One circle a proposal suggests: a shared topic, its leads and members (CircleProposalMember). */
@Entity('match_circle_proposal_circles')
@Index('IDX_match_circle_proposal_circles_proposal', ['proposalId'])
@Index('IDX_match_circle_proposal_circles_pairing', ['pairingId'])
@Check('CHK_match_circle_proposal_circles_status', `status IN ('proposed', 'accepted', 'discarded')`)
export class ProposedCircle {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'proposal_id' })
  @ForeignKey(() => CircleProposal, {
    name: 'fk_match_circle_proposal_circles_proposal_id',
    onDelete: 'CASCADE',
  })
  proposalId!: string;
  @Column('text') topic!: string;
  /** "4 mentees who all list sales; its lead covers it ...". */
  @Column('text') explanation!: string;
  /** Mean score of its lead-member pairs, 1 to 100. */
  @Column('smallint') fit!: number;
  @Column('text', { default: 'proposed' }) status!: ProposedCircleStatus;
  @Column('uuid', { name: 'pairing_id', nullable: true })
  @ForeignKey(() => Pairing, { name: 'fk_match_circle_proposal_circles_pairing_id', onDelete: 'SET NULL' })
  pairingId!: string | null;
  /** `staff:<email>` or `cli`, with when. */
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy!: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt!: Date | null;
}
