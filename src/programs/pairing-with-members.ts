import type { EntityManager } from 'typeorm';
import { entityFromRow, type JsonRow } from '../database/json-rows';
import { Pairing } from './entities/pairing.entity';
import { Participant } from './entities/participant.entity';
import { Programme } from './entities/programme.entity';

export interface PairingWithMembers {
  pairing: Pairing;
  programme: Programme;
  /** Current members: a circle member who left is not one (see `former`). */
  members: Participant[];
  /** Circle members who left: their past messages still have an author; nothing goes to them. */
  former?: Participant[];
  /** Circle members muted by a lead or staff: their mail is held (MutedMemberCheck). */
  mutedIds?: string[];
}

export interface PairingJson {
  pairing: JsonRow;
  programme: JsonRow;
  members: JsonRow[];
  former?: JsonRow[];
  muted?: string[];
}

/**
 * SQL for one json value: the pairing matching `condition` (on `p`, the pairings table) with its
 * programme and members. Other repositories embed it to load a pairing in a query of their own.
 * A pairing without members (a topic room nobody has joined yet) is found too, with none. It is
 * `json`, not `jsonb`: the value only travels to the driver's JSON.parse, and building jsonb (a
 * binary form, then printed back to text) cost about three times as much, for every inbound email
 * and every relayed copy.
 */
export function pairingWithMembersSql(condition: string): string {
  return `SELECT json_build_object('pairing', to_json(p), 'programme', to_json(g),
                   'members', coalesce(json_agg(to_json(pt) ORDER BY pt.role, pt.created_at)
                                         FILTER (WHERE pm.pairing_id IS NOT NULL AND pm.left_at IS NULL), '[]'),
                   'former', coalesce(json_agg(to_json(pt)) FILTER (WHERE pm.left_at IS NOT NULL), '[]'),
                   'muted', coalesce(json_agg(pt.id) FILTER (WHERE pm.muted_at IS NOT NULL
                                                             AND pm.left_at IS NULL), '[]'))
            FROM pairings p
            JOIN programmes g ON g.id = p.programme_id
            LEFT JOIN pairing_members pm ON pm.pairing_id = p.id
            LEFT JOIN participants pt ON pt.id = pm.participant_id
           WHERE ${condition}
           GROUP BY p.id, g.id`;
}

export function pairingWithMembersFromJson(manager: EntityManager, json: PairingJson): PairingWithMembers {
  return {
    pairing: entityFromRow(manager, Pairing, json.pairing),
    programme: entityFromRow(manager, Programme, json.programme),
    members: json.members.map((m) => entityFromRow(manager, Participant, m)),
    former: (json.former ?? []).map((m) => entityFromRow(manager, Participant, m)),
    mutedIds: json.muted ?? [],
  };
}
