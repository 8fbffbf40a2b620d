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

  async updateProgrammeSchedule(
    id: string,
    values: Pick<Programme, 'curriculumKey' | 'sendWeekday' | 'sendHour'>,
  ): Promise<boolean> {
    const result = await this.m().update(Programme, { id }, values);
    return (result.affected ?? 0) > 0;
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
    return this.findOneWithMembers('p.relay_address = $1', address.toLowerCase(), tx);
  }

  async findPairing(id: string, tx?: EntityManager): Promise<PairingWithMembers | null> {
    return this.findOneWithMembers('p.id = $1', id, tx);
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

  async isActiveRelayAddress(address: string): Promise<boolean> {
    return this.m().existsBy(Pairing, { relayAddress: address.toLowerCase(), status: 'active' });
  }

  async setPairingStatus(id: string, status: PairingStatus): Promise<void> {
    await this.m().update(Pairing, { id }, { status, endedAt: status === 'ended' ? new Date() : null });
  }

  /**
   * A pairing with its programme and members in one round trip: every inbound email and every
   * relayed copy asks for this, so it is worth one query instead of three.
   */
  private async findOneWithMembers(
    where: 'p.relay_address = $1' | 'p.id = $1',
    value: string,
    tx?: EntityManager,
  ): Promise<PairingWithMembers | null> {
    const manager = this.m(tx);
    const rows: { pairing: Row; programme: Row; members: Row[] }[] = await manager.query(
      `SELECT to_jsonb(p) AS pairing, to_jsonb(g) AS programme,
              jsonb_agg(to_jsonb(pt) ORDER BY pt.role, pt.created_at) AS members
         FROM pairings p
         JOIN programmes g ON g.id = p.programme_id
         JOIN pairing_members pm ON pm.pairing_id = p.id
         JOIN participants pt ON pt.id = pm.participant_id
        WHERE ${where}
        GROUP BY p.id, g.id`,
      [value],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      pairing: fromRow(manager, Pairing, row.pairing),
      programme: fromRow(manager, Programme, row.programme),
      members: row.members.map((m) => fromRow(manager, Participant, m)),
    };
  }
}

type Row = Record<string, unknown>;

const DATE_TYPES = new Set(['timestamptz', 'timestamp with time zone', 'timestamp', 'date']);

/** A jsonb row (snake_case keys, ISO dates) as the entity TypeORM would have built. */
function fromRow<T extends object>(manager: EntityManager, entity: new () => T, row: Row): T {
  const meta = manager.connection.getMetadata(entity);
  const out: Row = {};
  for (const column of meta.columns) {
    const value = row[column.databaseName];
    if (value === undefined) continue;
    out[column.propertyName] =
      value !== null && DATE_TYPES.has(String(column.type)) ? new Date(value as string) : value;
  }
  return manager.create(entity, out as never);
}
