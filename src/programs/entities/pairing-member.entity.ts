import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ParticipantRole } from './participant.entity';

@Entity('pairing_members')
@Index(['participantId'])
export class PairingMember {
  @PrimaryColumn('uuid', { name: 'pairing_id' }) pairingId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' }) participantId!: string;
  @Column('text') role!: ParticipantRole;
}
