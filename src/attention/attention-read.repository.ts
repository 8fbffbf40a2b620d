import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface PairingLabel {
  pairingId: string;
  programmeId: string;
  programmeName: string;
  kind: string;
  /** A circle's name, or the members' names with their roles. */
  label: string;
  members: { id: string; name: string; role: string }[];
}

/** Names for the queue's rows: one query for every pairing in it. */
@Injectable()
export class AttentionReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  async labels(pairingIds: string[]): Promise<Map<string, PairingLabel>> {
    if (pairingIds.length === 0) return new Map();
    const rows: {
      id: string;
      programme_id: string;
      programme_name: string;
      kind: string;
      name: string | null;
      members: { id: string; name: string; role: string }[] | null;
    }[] = await this.dataSource.query(
      `SELECT p.id, p.programme_id, pr.name AS programme_name, p.kind, p.name,
              (SELECT json_agg(json_build_object('id', pa.id, 'name', pa.name, 'role', pm.role)
                               ORDER BY pm.role = 'mentee', pa.name)
                 FROM pairing_members pm JOIN participants pa ON pa.id = pm.participant_id
                WHERE pm.pairing_id = p.id AND pm.left_at IS NULL) AS members
       FROM pairings p JOIN programmes pr ON pr.id = p.programme_id
       WHERE p.id = ANY($1::uuid[])`,
      [pairingIds],
    );
    // Mentor (lead) first, as staff speak of a pairing.
    return new Map(
      rows.map((r) => {
        const members = r.members ?? [];
        const label = r.name ?? members.map((m) => `${m.name} (${m.role})`).join(', ');
        return [
          r.id,
          {
            pairingId: r.id,
            programmeId: r.programme_id,
            programmeName: r.programme_name,
            kind: r.kind,
            label,
            members,
          },
        ];
      }),
    );
  }

  async programmeOf(pairingIds: string[]): Promise<Map<string, string>> {
    if (pairingIds.length === 0) return new Map();
    const rows: { id: string; programme_id: string }[] = await this.dataSource.query(
      `SELECT id, programme_id FROM pairings WHERE id = ANY($1::uuid[])`,
      [pairingIds],
    );
    return new Map(rows.map((r) => [r.id, r.programme_id]));
  }
}
