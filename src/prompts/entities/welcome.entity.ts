import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A pairing member who was welcomed (the welcome delivery is written in the same transaction),
 * so each side of a pairing is welcomed once, however often the pairing is paused and resumed.
 */
@Entity('welcomes')
export class Welcome {
  @PrimaryColumn('uuid', { name: 'pairing_id' }) pairingId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' }) participantId!: string;
  /** The first prompt the welcome announced (the member's schedule at that moment), if any. */
  @Column('timestamptz', { name: 'first_prompt_at', nullable: true }) firstPromptAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
