import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Participant } from '../programs/entities/participant.entity';
import { nameOthersSee } from '../programs/participant-names';

/** The key notice_windows holds instead of the address (the migration seeds it the same way). */
function addressHash(address: string): string {
  return createHash('sha256').update(address.toLowerCase(), 'utf8').digest('hex');
}

@Injectable()
export class NoticeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims this address's notice for this reason: true for at most one caller per 24 hours. The
   * conditional upsert decides in the database, in the caller's transaction (so a rolled-back
   * notice frees its claim): a concurrent claimer waits on the row and then sees it taken, and a
   * second claim in the same transaction sees the first. A SELECT-then-insert let every
   * transaction of a batch pass. The window rolls from the last notice actually written.
   */
  async claimNoticeWindow(address: string, reason: string, tx?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (tx ?? this.dataSource.manager).query(
      `INSERT INTO notice_windows (address_hash, reason, last_at) VALUES ($1, $2, now())
       ON CONFLICT (address_hash, reason) DO UPDATE SET last_at = EXCLUDED.last_at
        WHERE notice_windows.last_at <= EXCLUDED.last_at - interval '24 hours'
       RETURNING 1`,
      [addressHash(address), reason],
    );
    return rows.length > 0;
  }

  /**
   * Where a participant can write instead of the notices address: their programme and their
   * newest pairing that is not over (its relay address and who is on the other side), if any.
   */
  async whereToWrite(
    participantId: string,
    tx?: EntityManager,
  ): Promise<{ programmeName: string; relayAddress?: string; partnerName?: string }> {
    const [row]: {
      programme_name: string;
      relay_address: string | null;
      partners: { name: string; preferredName: string | null }[] | null;
    }[] = await (tx ?? this.dataSource.manager).query(
      `SELECT pr.name AS programme_name, pa.relay_address,
                (SELECT json_agg(json_build_object('name', o.name, 'preferredName', o.preferred_name)
                                 ORDER BY o.name)
                   FROM pairing_members om JOIN participants o ON o.id = om.participant_id
                  WHERE om.pairing_id = pa.id AND om.participant_id <> p.id) AS partners
           FROM participants p
           JOIN programmes pr ON pr.id = p.programme_id
           LEFT JOIN LATERAL (
                SELECT pa.id, pa.relay_address FROM pairing_members pm
                  JOIN pairings pa ON pa.id = pm.pairing_id AND pa.status <> 'ended'
                 WHERE pm.participant_id = p.id
                 ORDER BY pa.created_at DESC LIMIT 1) pa ON true
          WHERE p.id = $1`,
      [participantId],
    );
    return {
      programmeName: row?.programme_name ?? 'MentorMail',
      ...(row?.relay_address ? { relayAddress: row.relay_address } : {}),
      ...(row?.partners?.length ? { partnerName: row.partners.map(nameOthersSee).join(' and ') } : {}),
    };
  }

  /** Any participant (any programme) who registered this address. */
  findParticipantByAddress(address: string, tx?: EntityManager): Promise<Participant | null> {
    return (tx ?? this.dataSource.manager)
      .createQueryBuilder(Participant, 'p')
      .where(':a = ANY(p.email_aliases) OR p.email = :a', { a: address.toLowerCase() })
      .orderBy('p.created_at', 'ASC')
      .getOne();
  }
}
