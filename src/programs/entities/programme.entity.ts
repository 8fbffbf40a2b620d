import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('programmes')
export class Programme {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text', { unique: true }) slug!: string;
  /** Key of the curriculum this programme follows (see src/prompts). */
  @Column('text', { name: 'curriculum_key', default: 'default-12-weeks' }) curriculumKey!: string;
  /** ISO weekday (1 = Monday) and local hour at which prompts go out, in each person's own zone. */
  @Column('smallint', { name: 'send_weekday', default: 2 }) sendWeekday!: number;
  @Column('smallint', { name: 'send_hour', default: 9 }) sendHour!: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
