import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Participant } from '../programs/entities/participant.entity';

@Injectable()
export class NoticeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Whether this address got a notice for this reason in the last 24 hours. */
  async recentlyNotified(address: string, reason: string, tx?: EntityManager): Promise<boolean> {
    const rows: unknown[] = await (tx ?? this.dataSource.manager).query(
      `SELECT 1 FROM deliveries
        WHERE kind = 'notice' AND to_address = $1 AND payload->>'reason' = $2
          AND created_at > now() - interval '24 hours'
        LIMIT 1`,
      [address.toLowerCase(), reason],
    );
    return rows.length > 0;
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
