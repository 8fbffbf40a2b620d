import {
  Column,
  CreateDateColumn,
  Entity,
  ForeignKey,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { Participant } from '../../programs/entities/participant.entity';
import { Pairing } from '../../programs/entities/pairing.entity';
import { PairingPrompt } from './pairing-prompt.entity';

/**
 * One video check-in: the times a mentor proposed in reply to the prompt and the mentee's pick.
 * A new proposal replaces the times (`round` + 1, pick cleared); each pick adds one to `picks`,
 * which versions the calendar invitation (SEQUENCE = picks - 1, one UID throughout).
 */
@Entity('video_checkins')
@Unique('UQ_video_checkins_prompt', ['pairingPromptId'])
export class VideoCheckin {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'pairing_prompt_id' })
  @ForeignKey(() => PairingPrompt, { name: 'fk_video_checkins_pairing_prompt_id', onDelete: 'CASCADE' })
  pairingPromptId!: string;
  @Column('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_video_checkins_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @Column('uuid', { name: 'proposed_by' })
  @ForeignKey(() => Participant, { name: 'fk_video_checkins_proposed_by', onDelete: 'CASCADE' })
  proposedBy!: string;
  @Column('timestamptz', { array: true }) slots!: Date[];
  /** The proposal's lines that are not times, as the mentor wrote them. */
  @Column('text', { default: '' }) note!: string;
  @Column('text', { name: 'video_link', nullable: true }) videoLink!: string | null;
  @Column('integer', { default: 1 }) round!: number;
  @Column('integer', { default: 0 }) picks!: number;
  /** Index into `slots` (0-based) of the time picked, or null before a pick. */
  @Column('integer', { name: 'picked_index', nullable: true }) pickedIndex!: number | null;
  @Column('uuid', { name: 'picked_by', nullable: true })
  @ForeignKey(() => Participant, { name: 'fk_video_checkins_picked_by', onDelete: 'CASCADE' })
  pickedBy!: string | null;
  @Column('timestamptz', { name: 'picked_at', nullable: true }) pickedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
