import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { Participant } from '../programs/entities/participant.entity';
import { Programme } from '../programs/entities/programme.entity';
import { addressKey } from '../programs/relay-address';
import { parseDeskAddress } from './desk-address';
import { DeskAsk } from './entities/desk-ask.entity';

@Injectable()
export class DeskRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  /** Whether mail to `address` has somewhere to go: an open join address, or a person's desk. */
  async isDeskAddress(address: string, relayDomain: string): Promise<boolean> {
    const parsed = parseDeskAddress(address, relayDomain);
    if (!parsed) return false;
    if (parsed.kind === 'join') return this.m().existsBy(Programme, { slug: parsed.slug, joinEnabled: true });
    return this.m().existsBy(Participant, { deskKey: parsed.key });
  }

  /** The programme whose join address this is, if it takes people in by email. */
  joinableProgramme(slug: string, tx?: EntityManager): Promise<Programme | null> {
    return this.m(tx).findOneBy(Programme, { slug, joinEnabled: true });
  }

  /** The person whose desk this is, with their programme. */
  async deskOwner(
    key: string,
    tx?: EntityManager,
  ): Promise<{ participant: Participant; programme: Programme } | null> {
    const participant = await this.m(tx).findOneBy(Participant, { deskKey: key });
    if (!participant) return null;
    const programme = await this.m(tx).findOneByOrFail(Programme, { id: participant.programmeId });
    return { participant, programme };
  }

  /** This person's desk key, drawn on first use; concurrent first uses agree on one. */
  async ensureDeskKey(participantId: string, tx?: EntityManager): Promise<string> {
    const rows: { desk_key: string }[] = await this.m(tx).query(
      // A bare UPDATE ... RETURNING comes back from TypeORM as [rows, count]; a SELECT is rows alone.
      `WITH drawn AS (UPDATE participants SET desk_key = COALESCE(desk_key, $2) WHERE id = $1 RETURNING desk_key)
       SELECT desk_key FROM drawn`,
      [participantId, addressKey()],
    );
    if (!rows[0]) throw new Error(`no participant ${participantId}`);
    return rows[0].desk_key;
  }

  insertAsk(ask: Pick<DeskAsk, 'participantId' | 'kind' | 'refId' | 'messageId'>, tx?: EntityManager) {
    return this.m(tx).save(DeskAsk, this.m(tx).create(DeskAsk, ask));
  }

  /**
   * The ask a reply answers: the one whose email it cites (In-Reply-To, then References from the
   * newest), else this person's newest open ask. Null when nothing is waiting for them.
   */
  async askFor(participantId: string, cited: string[], tx?: EntityManager): Promise<DeskAsk | null> {
    if (cited.length > 0) {
      const rows = await this.m(tx)
        .createQueryBuilder(DeskAsk, 'a')
        .where('a.participant_id = :participantId AND a.message_id IN (:...cited)', { participantId, cited })
        .getMany();
      const byId = new Map(rows.map((r) => [r.messageId, r]));
      const hit = cited.map((id) => byId.get(id)).find((a) => a !== undefined);
      if (hit) return hit;
    }
    return this.m(tx).findOne(DeskAsk, {
      where: { participantId, closedAt: IsNull() },
      order: { createdAt: 'DESC' },
    });
  }

  openAsks(participantId: string, kind: string, tx?: EntityManager): Promise<DeskAsk[]> {
    return this.m(tx).find(DeskAsk, {
      where: { participantId, kind, closedAt: IsNull() },
      order: { createdAt: 'ASC' },
    });
  }

  async markAnswered(id: string, close: boolean, tx?: EntityManager): Promise<void> {
    await this.m(tx).query(
      `UPDATE desk_asks SET answered_at = now(), closed_at = CASE WHEN $2 THEN COALESCE(closed_at, now()) ELSE closed_at END
        WHERE id = $1`,
      [id, close],
    );
  }

  async close(id: string, tx?: EntityManager): Promise<void> {
    await this.m(tx).query(`UPDATE desk_asks SET closed_at = COALESCE(closed_at, now()) WHERE id = $1`, [id]);
  }
}
