import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PairingMember } from './entities/pairing-member.entity';
import { Pairing, type PairingStatus } from './entities/pairing.entity';
import { Participant } from './entities/participant.entity';
import { Programme } from './entities/programme.entity';

export interface PairingWithMembers {
  pairing: Pairing;
  programme: Programme;
  members: Participant[];
}

@Injectable()
export class ProgramsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  insertProgramme(values: Partial<Programme>, tx?: EntityManager): Promise<Programme> {
    return this.m(tx).save(Programme, this.m(tx).create(Programme, values));
  }

  insertParticipant(values: Partial<Participant>, tx?: EntityManager): Promise<Participant> {
    return this.m(tx).save(Participant, this.m(tx).create(Participant, values));
  }

  async insertPairing(
    values: Partial<Pairing>,
    members: { participantId: string; role: Participant['role'] }[],
    tx?: EntityManager,
  ): Promise<Pairing> {
    const pairing = await this.m(tx).save(Pairing, this.m(tx).create(Pairing, values));
    await this.m(tx).insert(
      PairingMember,
      members.map((m) => ({ pairingId: pairing.id, participantId: m.participantId, role: m.role })),
    );
    return pairing;
  }

  findProgrammeBySlug(slug: string): Promise<Programme | null> {
    return this.m().findOneBy(Programme, { slug });
  }

  findProgramme(id: string, tx?: EntityManager): Promise<Programme | null> {
    return this.m(tx).findOneBy(Programme, { id });
  }

  findParticipant(id: string, tx?: EntityManager): Promise<Participant | null> {
    return this.m(tx).findOneBy(Participant, { id });
  }

  findParticipantByEmail(programmeId: string, email: string): Promise<Participant | null> {
    return this.m().findOneBy(Participant, { programmeId, email: email.toLowerCase() });
  }

  /** The pairing behind a relay address (case-insensitive), with its programme and members. */
  async findByRelayAddress(address: string, tx?: EntityManager): Promise<PairingWithMembers | null> {
    const pairing = await this.m(tx).findOneBy(Pairing, { relayAddress: address.toLowerCase() });
    return pairing ? this.withMembers(pairing, tx) : null;
  }

  async findPairing(id: string, tx?: EntityManager): Promise<PairingWithMembers | null> {
    const pairing = await this.m(tx).findOneBy(Pairing, { id });
    return pairing ? this.withMembers(pairing, tx) : null;
  }

  /** The pairings a participant belongs to, oldest first. */
  pairingsOf(participantId: string): Promise<Pairing[]> {
    return this.m()
      .createQueryBuilder(Pairing, 'p')
      .innerJoin(PairingMember, 'pm', 'pm.pairing_id = p.id')
      .where('pm.participant_id = :participantId', { participantId })
      .orderBy('p.created_at', 'ASC')
      .getMany();
  }

  /** Whether any pairing (in any state) owns this relay address. */
  async relayAddressExists(address: string): Promise<boolean> {
    return this.m().existsBy(Pairing, { relayAddress: address.toLowerCase() });
  }

  async isActiveRelayAddress(address: string): Promise<boolean> {
    return this.m().existsBy(Pairing, { relayAddress: address.toLowerCase(), status: 'active' });
  }

  async setPairingStatus(id: string, status: PairingStatus): Promise<void> {
    await this.m().update(Pairing, { id }, { status, endedAt: status === 'ended' ? new Date() : null });
  }

  private async withMembers(pairing: Pairing, tx?: EntityManager): Promise<PairingWithMembers> {
    const manager = this.m(tx);
    const [programme, members] = await Promise.all([
      manager.findOneByOrFail(Programme, { id: pairing.programmeId }),
      manager
        .createQueryBuilder(Participant, 'p')
        .innerJoin(PairingMember, 'pm', 'pm.participant_id = p.id')
        .where('pm.pairing_id = :id', { id: pairing.id })
        .orderBy('p.role', 'ASC')
        .addOrderBy('p.created_at', 'ASC')
        .getMany(),
    ]);
    return { pairing, programme, members };
  }
}
