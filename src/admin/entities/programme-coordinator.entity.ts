import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Programme } from '../../programs/entities/programme.entity';
import { StaffUser } from './staff-user.entity';

/** A staff member who coordinates a programme: their weekly digest is about their programmes. */
@Entity('programme_coordinators')
@Index('IDX_programme_coordinators_staff', ['staffId'])
export class ProgrammeCoordinator {
  @PrimaryColumn('uuid', { name: 'programme_id' })
  @ForeignKey(() => Programme, { name: 'fk_programme_coordinators_programme_id', onDelete: 'CASCADE' })
  programmeId!: string;
  @PrimaryColumn('uuid', { name: 'staff_id' })
  @ForeignKey(() => StaffUser, { name: 'fk_programme_coordinators_staff_id', onDelete: 'CASCADE' })
  staffId!: string;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt!: Date;
}
