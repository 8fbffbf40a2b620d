import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { Pairing } from './pairing.entity';
import { Participant, type ParticipantRole } from './participant.entity';

@Entity('pairing_members')
@Index(['participantId'])
export class PairingMember {
  @PrimaryColumn('uuid', { name: 'pairing_id' })
  @ForeignKey(() => Pairing, { name: 'fk_pairing_members_pairing_id', onDelete: 'CASCADE' })
  pairingId!: string;
  @PrimaryColumn('uuid', { name: 'participant_id' })
  @ForeignKey(() => Participant, { name: 'fk_pairing_members_participant_id', onDelete: 'CASCADE' })
  participantId!: string;
  @Column('text') role!: ParticipantRole;
}
