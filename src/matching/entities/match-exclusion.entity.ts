import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { Programme } from '../../programs/entities/programme.entity';

/** "Never pair these two again": a rematch, or staff's word. Every proposal and choice respects it. */
@Entity('match_exclusions')
@Index('IDX_match_exclusions_mentor', ['mentorId'])
@Index('IDX_match_exclusions_mentee', ['menteeId'])
export class MatchExclusion {
  @PrimaryColumn('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_match_exclusions_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @PrimaryColumn('uuid', { name: 'mentor_id' })
  @ForeignKey(() => Participant, { name: 'fk_match_exclusions_mentor_id', onDelete: 'CASCADE' })
  mentorId!: string;
  @PrimaryColumn('uuid', { name: 'mentee_id' })
  @ForeignKey(() => Participant, { name: 'fk_match_exclusions_mentee_id', onDelete: 'CASCADE' })
  menteeId!: string;
  /** Staff's note; a participant's private rematch reason is kept with the rematch request. */
  @Column('text', { nullable: true }) reason!: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
