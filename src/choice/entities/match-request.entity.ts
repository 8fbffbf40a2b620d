import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { Programme } from '../../programs/entities/programme.entity';

/**
 * - `suggested`: shown to the mentee in a batch of three (its `rank` is the number they reply);
 * - `asked`: the mentee chose this mentor, who has until `expires_at` to answer yes or no;
 * - `accepted`: the mentor said yes and the pairing exists;
 * - `declined`: the mentor said no;
 * - `expired`: the mentor did not answer in time;
 * - `lost`: the mentor said yes, but their last place had just gone to another mentee;
 * - `withdrawn`: no longer on offer (the mentee asked for others, or was matched).
 */
export type MatchRequestStatus =
  'suggested' | 'asked' | 'accepted' | 'declined' | 'expired' | 'lost' | 'withdrawn';

/** One mentor suggested to one mentee, and what became of it: a pair is suggested once, ever. */
@Entity('match_requests')
@Index('IDX_match_requests_pair', ['menteeId', 'mentorId'], { unique: true })
@Index('IDX_match_requests_mentor_asked', ['mentorId'], { where: `status = 'asked'` })
@Index('IDX_match_requests_expiry', ['expiresAt'], { where: `status = 'asked'` })
@Index('IDX_match_requests_programme', ['programmeId'])
@Check(
  'CHK_match_requests_status',
  `status IN ('suggested', 'asked', 'accepted', 'declined', 'expired', 'lost', 'withdrawn')`,
)
@Check('CHK_match_requests_rank', 'rank BETWEEN 1 AND 3')
export class MatchRequest {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_match_requests_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @Column('uuid', { name: 'mentee_id' })
  @ForeignKey(() => Participant, { name: 'fk_match_requests_mentee_id', onDelete: 'CASCADE' })
  menteeId!: string;
  @Column('uuid', { name: 'mentor_id' })
  @ForeignKey(() => Participant, { name: 'fk_match_requests_mentor_id', onDelete: 'CASCADE' })
  mentorId!: string;
  @Column('text', { default: 'suggested' }) status!: MatchRequestStatus;
  /** The mentee's suggestion emails, counted from 1: "more" and a cascade past the last start a new batch. */
  @Column('integer') batch!: number;
  /** The number (1 to 3) the mentee replies to choose this mentor; also their order of preference. */
  @Column('smallint') rank!: number;
  /** The engine's score (1 to 100) and its reasons in words, as the emails showed them. */
  @Column('smallint') score!: number;
  @Column('text') explanation!: string;
  @Column('timestamptz', { name: 'suggested_at' }) suggestedAt!: Date;
  @Column('timestamptz', { name: 'asked_at', nullable: true }) askedAt!: Date | null;
  /** `asked_at` plus the programme's `choice_reply_hours`. */
  @Column('timestamptz', { name: 'expires_at', nullable: true }) expiresAt!: Date | null;
  @Column('timestamptz', { name: 'answered_at', nullable: true }) answeredAt!: Date | null;
}
