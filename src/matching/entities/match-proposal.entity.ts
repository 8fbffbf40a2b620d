import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Programme } from '../../programs/entities/programme.entity';

/**
 * `open`: staff may still swap, exclude or apply it (one per programme); `applied`: its pairs are
 * pairings now; `superseded`: a re-run replaced it.
 */
export type ProposalStatus = 'open' | 'applied' | 'superseded';

/** Who asked for the proposal: the command line, a staff member (`staff:<email>`), or the tick. */
export type ProposalMadeBy = 'cli' | 'automatic' | `staff:${string}`;

/** One run of the engine over a programme's ready people, kept for review (see matching README). */
@Entity('match_proposals')
@Index('IDX_match_proposals_open', ['programmeId'], { unique: true, where: `status = 'open'` })
@Index('IDX_match_proposals_programme', ['programmeId', 'createdAt'])
@Check('CHK_match_proposals_status', `status IN ('open', 'applied', 'superseded')`)
export class MatchProposal {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_match_proposals_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @Column('text', { default: 'open' }) status!: ProposalStatus;
  @Column('text', { name: 'made_by' }) madeBy!: ProposalMadeBy;
  /**
   * A digest of what the engine was given (ready people, their sides and profiles, exclusions,
   * criteria): automatic mode skips a tick whose input is the last proposal's.
   */
  @Column('text', { name: 'input_key' }) inputKey!: string;
  @Column('integer', { name: 'total_score' }) totalScore!: number;
  /** The same people through the best-pair-first and first-come greedy passes, for comparison. */
  @Column('integer', { name: 'greedy_score' }) greedyScore!: number;
  @Column('integer', { name: 'first_come_score' }) firstComeScore!: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
  @Column('timestamptz', { name: 'applied_at', nullable: true }) appliedAt!: Date | null;
}
