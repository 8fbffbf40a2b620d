import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { PICK_KIND, REQUEST_KIND } from '../../choice/choice-mail';
import type { JsonObject } from '../../database/json';
import {
  payloadTraces,
  REMOVED_NAME,
  REMOVED_TEXT,
  scrubPayload,
  type PayloadLink,
  type PayloadTraces,
} from './erasure-scrub';

/** What identifies the person being erased: matched in text only where it can be theirs. */
export interface ErasureSubject {
  id: string;
  names: string[];
  addresses: string[];
  pairingIds: string[];
}

/**
 * Rows that name a participant by foreign key and are kept (in erased form) by the steps below;
 * every other table that references `participants` loses the person's rows outright. Found from
 * the catalogue rather than listed, so a table added later is erased without anyone remembering.
 */
const KEPT_REFERENCES = new Set(['messages', 'pairing_members', 'deliveries', 'staff_audit', 'participants']);

export { REMOVED_NAME, REMOVED_TEXT };

/**
 * Erasure of one participant, in the caller's transaction. Their messages stay in their threads
 * as "(removed)" so the partner's replies still read in order; everything else of theirs goes.
 */
@Injectable()
export class ErasureRepository {
  async pairingsOf(participantId: string, tx: EntityManager): Promise<{ id: string; kind: string }[]> {
    return tx.query(
      `SELECT p.id, p.kind FROM pairing_members pm JOIN pairings p ON p.id = pm.pairing_id
        WHERE pm.participant_id = $1`,
      [participantId],
    );
  }

  /** Where the files they sent are stored: read before `erase` empties their messages' lists. */
  async attachmentKeys(participantId: string, tx: EntityManager): Promise<string[]> {
    const rows: { key: string }[] = await tx.query(
      `SELECT DISTINCT a->>'key' AS key FROM messages m, jsonb_array_elements(m.attachments) a
        WHERE m.author_id = $1 AND a ? 'key'`,
      [participantId],
    );
    return rows.map((r) => r.key);
  }

  async erase(s: ErasureSubject, tx: EntityManager): Promise<void> {
    const { id, pairingIds } = s;
    const person = await this.person(id, tx);
    // A minor's guardian is erased with them: the address, its feedback and the mail it sent us.
    const guardian = person?.guardianEmail ? [person.guardianEmail] : [];
    // Rows found by address go only where nobody live still uses the address (the same person in
    // another programme, a sibling's guardian): their suppression protects that person too.
    const addresses = await this.onlyTheirs([...s.addresses, ...guardian], id, tx);
    // Longest first, so "Tom Mentee" is replaced before a preferred "Tom" could split it.
    const names = [...new Set(s.names.filter((n) => n.trim().length >= 2))].sort(
      (a, b) => b.length - a.length,
    );
    const needles = [...new Set([...s.addresses, ...addresses])].concat(names);

    // Their own messages: the row keeps its place in the thread, the words go.
    await tx.query(
      `UPDATE messages SET new_text = $2, quoted_text = '', full_text = '', html = NULL, new_html = NULL,
              subject = NULL, attachments = '[]', dropped_attachments = '[]', inbound_email_id = NULL
        WHERE author_id = $1`,
      [id, REMOVED_TEXT],
    );
    // Message-IDs carry their mail provider's domain (their own, for a custom one): ours instead,
    // rewritten in every reference too, so the partners' replies still thread to the removed rows.
    await tx.query(
      `WITH ids AS (SELECT message_id AS old, 'removed-' || id || '@removed.invalid' AS new
                      FROM messages WHERE author_id = $1)
       UPDATE messages SET
              in_reply_to = coalesce((SELECT new FROM ids WHERE old = in_reply_to), in_reply_to),
              "references" = ARRAY(SELECT coalesce((SELECT new FROM ids WHERE old = r), r)
                                     FROM unnest("references") WITH ORDINALITY u(r, i) ORDER BY i)
        WHERE pairing_id = ANY($2::uuid[])`,
      [id, pairingIds],
    );
    await tx.query(
      `UPDATE messages SET message_id = 'removed-' || id || '@removed.invalid' WHERE author_id = $1`,
      [id],
    );
    // The partners' messages quote theirs: the quotes go, their own words stay (names replaced).
    await tx.query(
      `UPDATE messages SET quoted_text = '', html = NULL,
              new_text = ${replaceAll('new_text', 2)}, full_text = ${replaceAll('new_text', 2)}, new_html = ${replaceAll('new_html', 2)},
              subject = ${replaceAll('subject', 2)}, inbound_email_id = NULL
        WHERE pairing_id = ANY($1::uuid[]) AND author_id IS DISTINCT FROM $3`,
      [pairingIds, needles, id],
    );
    await tx.query(
      `UPDATE threads SET subject = ${replaceAll('subject', 2)}, normalized_subject = ${replaceAll('normalized_subject', 2)}
        WHERE pairing_id = ANY($1::uuid[])`,
      [pairingIds, needles.map((n) => n.toLowerCase())],
    );

    // Mail they sent goes; mail of their pairings keeps its record but not its raw bytes (it quotes them).
    await tx.query(
      `DELETE FROM inbound_emails
        WHERE sender = ANY($1::text[]) OR from_address = ANY($1::text[]) OR envelope_from = ANY($1::text[])`,
      [addresses],
    );
    await tx.query(
      `UPDATE inbound_emails SET raw = NULL, subject = ${replaceAll('subject', 2)}, detail = ${replaceAll('detail', 2)}
        WHERE pairing_id = ANY($1::uuid[])`,
      [pairingIds, needles],
    );

    // The outbox: nothing more goes to them, nor their words to anyone; what was sent keeps no trace.
    await tx.query(
      `UPDATE deliveries SET status = 'skipped', reason = 'participant removed'
        WHERE status IN ('queued', 'failed', 'uncertain')
          AND (recipient_id = $1 OR to_address = ANY($2::text[])
               OR source_message_id IN (SELECT m.id FROM messages m WHERE m.author_id = $1))`,
      [id, addresses],
    );
    await tx.query(
      `UPDATE deliveries SET to_address = 'removed@removed.invalid', payload = NULL
        WHERE recipient_id = $1 OR to_address = ANY($2::text[])`,
      [id, addresses],
    );
    await this.scrubOthersMail(
      id,
      pairingIds,
      payloadTraces({
        name: person?.name ?? names[0] ?? '',
        preferredName: person?.preferredName ?? null,
        about: person?.about ?? null,
        bio: person?.bio ?? null,
        addresses: [...new Set([...s.addresses, ...addresses])],
      }),
      tx,
    );
    await tx.query(`DELETE FROM delivery_events WHERE recipient = ANY($1::text[])`, [addresses]);
    await tx.query(`DELETE FROM suppressions WHERE address = ANY($1::text[])`, [addresses]);
    await tx.query(
      `DELETE FROM notice_windows
        WHERE address_hash IN (SELECT encode(sha256(convert_to(lower(a), 'UTF8')), 'hex') FROM unnest($1::text[]) a)`,
      [addresses],
    );

    for (const { table, column } of await this.referencing(tx)) {
      if (!KEPT_REFERENCES.has(table)) await tx.query(`DELETE FROM "${table}" WHERE "${column}" = $1`, [id]);
    }
    await tx.query(`DELETE FROM staff_audit WHERE participant_id = $1`, [id]);
    await tx.query(
      `UPDATE participants
          SET name = $2, preferred_name = NULL, about = NULL, email = 'removed-' || id || '@removed.invalid',
              email_aliases = '{}', time_zone = 'UTC', locale = 'en', prompts_stopped_at = NULL,
              prompts_stopped_via = NULL, authenticated_aligned_at = NULL, paused_until = NULL,
              send_weekday = NULL, desk_key = NULL, background_checked_at = NULL, trained_at = NULL,
              screening_cleared_at = NULL, removed_at = now()
        WHERE id = $1`,
      [id, REMOVED_NAME],
    );
  }

  /** What of theirs others' emails may show (read before their profile row goes), and their guardian. */
  private async person(
    id: string,
    tx: EntityManager,
  ): Promise<{
    name: string;
    preferredName: string | null;
    about: string | null;
    bio: string | null;
    guardianEmail: string | null;
  } | null> {
    const [row] = await tx.query(
      `SELECT p.name, p.preferred_name AS "preferredName", p.about, pp.bio, pp.guardian_email AS "guardianEmail"
         FROM participants p LEFT JOIN participant_profiles pp ON pp.participant_id = p.id
        WHERE p.id = $1`,
      [id],
    );
    return row ?? null;
  }

  /** The addresses (as given and lower-cased) that no other live participant has as theirs or their guardian's. */
  private async onlyTheirs(addresses: string[], id: string, tx: EntityManager): Promise<string[]> {
    const all = [...new Set(addresses.flatMap((a) => [a, a.toLowerCase()]))];
    const rows: { a: string }[] = await tx.query(
      `SELECT a FROM unnest($1::text[]) a
        WHERE NOT EXISTS (
                SELECT 1 FROM participants p
                 WHERE p.id <> $2 AND p.removed_at IS NULL
                   AND (lower(p.email) = lower(a) OR lower(a) = ANY(SELECT lower(x) FROM unnest(p.email_aliases) x)))
          AND NOT EXISTS (
                SELECT 1 FROM participant_profiles pp JOIN participants p ON p.id = pp.participant_id
                 WHERE p.id <> $2 AND p.removed_at IS NULL AND lower(pp.guardian_email) = lower(a))`,
      [all, id],
    );
    return rows.map((r) => r.a);
  }

  /**
   * Emails to other people that may carry them: their pairings' mail, and whatever went to the
   * other side of a choice of theirs (offers and requests have no pairing). Each is tied to them
   * by id where it can be (the desk's ask and its match request): a request about them loses its
   * props, their card among a mentee's offers its content; then their names, addresses and words
   * go from every string. A request about them still waiting to go is not sent.
   */
  private async scrubOthersMail(
    id: string,
    pairingIds: string[],
    traces: PayloadTraces,
    tx: EntityManager,
  ): Promise<void> {
    const linked: { id: string; kind: PayloadLink['kind']; number: number | null }[] = await tx.query(
      `SELECT d.id, 'request' AS kind, NULL::int AS number
         FROM deliveries d JOIN desk_asks a ON a.message_id = d.message_id
         JOIN match_requests r ON r.id = a.ref_id
        WHERE a.kind = $2 AND r.mentee_id = $1
       UNION ALL
       SELECT d.id, 'card', mine.rank
         FROM deliveries d JOIN desk_asks a ON a.message_id = d.message_id
         JOIN match_requests shown ON shown.id = a.ref_id
         JOIN match_requests mine
           ON mine.mentee_id = shown.mentee_id AND mine.batch = shown.batch AND mine.mentor_id = $1
        WHERE a.kind = $3`,
      [id, REQUEST_KIND, PICK_KIND],
    );
    await tx.query(
      `UPDATE deliveries SET status = 'skipped', reason = 'participant removed'
        WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'failed', 'uncertain')`,
      [linked.filter((l) => l.kind === 'request').map((l) => l.id)],
    );
    const links = new Map<string, PayloadLink[]>();
    for (const l of linked) {
      const link: PayloadLink = l.kind === 'card' ? { kind: 'card', number: l.number! } : { kind: 'request' };
      links.set(l.id, [...(links.get(l.id) ?? []), link]);
    }
    const rows: { id: string; payload: JsonObject }[] = await tx.query(
      `SELECT id, payload FROM deliveries
        WHERE payload IS NOT NULL AND recipient_id IS DISTINCT FROM $1
          AND (pairing_id = ANY($2::uuid[]) OR id = ANY($3::uuid[])
               OR recipient_id IN (SELECT mentor_id FROM match_requests WHERE mentee_id = $1
                                   UNION SELECT mentee_id FROM match_requests WHERE mentor_id = $1))
        FOR UPDATE`,
      [id, pairingIds, [...links.keys()]],
    );
    const changed = rows.flatMap((r) => {
      const payload = scrubPayload(r.payload, traces, links.get(r.id));
      return payload ? [{ id: r.id, payload }] : [];
    });
    if (changed.length === 0) return;
    await tx.query(
      `UPDATE deliveries d SET payload = x.payload
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, payload jsonb) WHERE d.id = x.id`,
      [JSON.stringify(changed)],
    );
  }

  /** Every (table, column) whose foreign key points at participants(id). */
  private referencing(tx: EntityManager): Promise<{ table: string; column: string }[]> {
    return tx.query(
      `SELECT c.conrelid::regclass::text AS table, a.attname AS column
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
        WHERE c.contype = 'f' AND c.confrelid = 'participants'::regclass
        ORDER BY 1, 2`,
    );
  }
}

/** SQL that replaces each of the array parameter `$n`'s strings in `column` by "[removed]", case-insensitively. */
function replaceAll(column: string, n: number): string {
  const escaped = `regexp_replace(x, '([.^$*+?()\\[\\]{}|\\\\-])', '\\\\\\1', 'g')`;
  return `regexp_replace(${column}, (SELECT string_agg(${escaped}, '|') FROM unnest($${n}::text[]) x), '[removed]', 'gi')`;
}
