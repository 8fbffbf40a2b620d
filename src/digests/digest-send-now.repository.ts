import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PairingStatus } from '../programs/entities/pairing.entity';

export interface Membership {
  participantId: string;
  pairingId: string;
  pairingStatus: PairingStatus;
  timeZone: string;
}

@Injectable()
export class DigestSendNowRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every pairing of every participant with this address (own or alias), oldest first. */
  membershipsOf(email: string): Promise<Membership[]> {
    return this.dataSource.query(
      `SELECT p.id AS "participantId", pa.id AS "pairingId", pa.status AS "pairingStatus",
              p.time_zone AS "timeZone"
         FROM participants p
         JOIN pairing_members pm ON pm.participant_id = p.id
         JOIN pairings pa ON pa.id = pm.pairing_id
        WHERE p.email = $1 OR $1 = ANY(p.email_aliases)
        ORDER BY pa.created_at`,
      [email.trim().toLowerCase()],
    );
  }
}
