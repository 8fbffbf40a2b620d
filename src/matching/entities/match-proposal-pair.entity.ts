import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Pairing } from '../../programs/entities/pairing.entity';
import { Participant } from '../../programs/entities/participant.entity';
import { MatchProposal } from './match-proposal.entity';

/** A mentor and mentee the proposal puts together; after applying, the pairing they became. */
@Entity('match_proposal_pairs')
@Index('IDX_match_proposal_pairs_mentor', ['mentorId'])
@Index('IDX_match_proposal_pairs_pairing', ['pairingId'])
export class MatchProposalPair {
  @PrimaryColumn('uuid', { name: 'proposal_id' })
  @ForeignKey(() => MatchProposal, { name: 'fk_match_proposal_pairs_proposal_id', onDelete: 'CASCADE' })
  proposalId!: string;
  @PrimaryColumn('uuid', { name: 'mentee_id' })
  @ForeignKey(() => Participant, { name: 'fk_match_proposal_pairs_mentee_id', onDelete: 'CASCADE' })
  menteeId!: string;
  @Column('uuid', { name: 'mentor_id' })
  @ForeignKey(() => Participant, { name: 'fk_match_proposal_pairs_mentor_id', onDelete: 'CASCADE' })
  mentorId!: string;
  @Column('smallint') score!: number;
  /** "3 shared topics, 2 h apart, both free Tuesdays". */
  @Column('text') explanation!: string;
  @Column('uuid', { name: 'pairing_id', nullable: true })
  @ForeignKey(() => Pairing, { name: 'fk_match_proposal_pairs_pairing_id', onDelete: 'SET NULL' })
  pairingId!: string | null;
  /** Why applying did not make this pair (someone was paired or left meanwhile). */
  @Column('text', { name: 'skipped_reason', nullable: true }) skippedReason!: string | null;
}
