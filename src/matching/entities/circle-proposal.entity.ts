import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Programme } from '../../programs/entities/programme.entity';
import type { ProposalMadeBy } from './match-proposal.entity';

/** `open`: its circles may still be accepted or discarded (one per programme); `superseded`: a re-run replaced it. */
export type CircleProposalStatus = 'open' | 'superseded';

/** One run of the circle planner (circle-plan.ts) over a programme's ready people, kept for review. */
@Entity('match_circle_proposals')
@Index('IDX_match_circle_proposals_open', ['programmeId'], { unique: true, where: `status = 'open'` })
@Index('IDX_match_circle_proposals_programme', ['programmeId', 'createdAt'])
@Check('CHK_match_circle_proposals_status', `status IN ('open', 'superseded')`)
export class CircleProposal {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_match_circle_proposals_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @Column('text', { default: 'open' }) status!: CircleProposalStatus;
  @Column('text', { name: 'made_by' }) madeBy!: ProposalMadeBy;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
