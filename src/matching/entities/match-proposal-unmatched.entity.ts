import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import type { ParticipantRole } from '../../programs/entities/participant.entity';
import { Participant } from '../../programs/entities/participant.entity';
import { MatchProposal } from './match-proposal.entity';

/** A ready person the proposal left out, with the engine's reason and its words for staff. */
@Entity('match_proposal_unmatched')
@Index('IDX_match_proposal_unmatched_participant', ['participantId'])
@Check('CHK_match_proposal_unmatched_side', `side IN ('mentor', 'mentee')`)
export class MatchProposalUnmatched {
  @PrimaryColumn('uuid', { name: 'proposal_id' })
  @ForeignKey(() => MatchProposal, { name: 'fk_match_proposal_unmatched_proposal_id', onDelete: 'CASCADE' })
  proposalId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_match_proposal_unmatched_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @Column('text') side!: ParticipantRole;
  /** The engine's UnmatchedReason or IdleMentorReason (assign.ts). */
  @Column('text') reason!: string;
  @Column('text') detail!: string;
}
