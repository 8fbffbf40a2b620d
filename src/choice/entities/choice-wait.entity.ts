import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { Programme } from '../../programs/entities/programme.entity';

/**
 * A mentee for whom no mentor is left to suggest: told so once, listed for staff, and sent new
 * suggestions by the tick as soon as a mentor with a free place appears (the row is then removed).
 */
@Entity('choice_waits')
@Index('IDX_choice_waits_programme', ['programmeId'])
export class ChoiceWait {
  @PrimaryColumn('uuid', { name: 'mentee_id' })
  @ForeignKey(() => Participant, { name: 'fk_choice_waits_mentee_id', onDelete: 'CASCADE' })
  menteeId!: string;
  @Column('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_choice_waits_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @Column('timestamptz') since!: Date;
}
