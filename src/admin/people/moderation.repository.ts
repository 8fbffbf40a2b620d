import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pagedQuery, type PageOf, type PageRequest } from '../../database/paged-query';

export interface HeldForReview {
  id: string;
  receivedAt: Date;
  subject: string | null;
  detail: string | null;
  raw: Buffer | null;
  fromAddress: string | null;
  pairingId: string;
  programmeId: string;
  status: string;
  reason: string | null;
}

const COLUMNS = `ie.id, ie.received_at AS "receivedAt", ie.subject, ie.detail, ie.raw, ie.from_address AS "fromAddress",
                 ie.pairing_id AS "pairingId", p.programme_id AS "programmeId", ie.status, ie.reason`;

/** The names of the pair's members (a search looks in them): per shown row, by pairing_members' key. */
const MEMBER_NAMES = `(SELECT string_agg(pt.name, ' ') FROM pairing_members pm
  JOIN participants pt ON pt.id = pm.participant_id WHERE pm.pairing_id = ie.pairing_id)`;

/** The author, as the service names them: the member whose address (or alias) sent it. */
const AUTHOR_NAME = `(SELECT pt.name FROM pairing_members pm JOIN participants pt ON pt.id = pm.participant_id
  WHERE pm.pairing_id = ie.pairing_id AND (pt.email = ie.from_address OR ie.from_address = ANY(pt.email_aliases))
  ORDER BY pt.name LIMIT 1)`;

/** The queue's sort keys (its columns' keys on the page). */
export const REVIEW_SORTS = {
  received: 'ie.received_at',
  author: AUTHOR_NAME,
  subject: 'ie.subject',
} as const;

/** The moderation queue: inbound emails held by the safeguarding check, and staff's decisions on them. */
@Injectable()
export class ModerationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Held for review, oldest first unless sorted: searched (subject, why, sender, the pair's names) and paged in SQL. */
  queueOf(programmeId: string, req: PageRequest, pageSize: number): Promise<PageOf<HeldForReview>> {
    return pagedQuery(
      this.dataSource,
      {
        select: COLUMNS,
        from: 'inbound_emails ie JOIN pairings p ON p.id = ie.pairing_id',
        where: `p.programme_id = $1 AND ie.status = 'held' AND ie.reason = 'safeguarding'`,
        params: [programmeId],
        search: ['ie.subject', 'ie.detail', 'ie.from_address', MEMBER_NAMES],
        sorts: REVIEW_SORTS,
        order: 'ie.received_at, ie.id',
      },
      req,
      pageSize,
    );
  }

  async one(id: string): Promise<HeldForReview | null> {
    const rows: HeldForReview[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM inbound_emails ie JOIN pairings p ON p.id = ie.pairing_id WHERE ie.id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Back to `received`, released from the safeguarding hold, with staff's text to relay instead
   * (null: as written). False unless it is still held for review (a second click changes nothing).
   */
  async release(
    id: string,
    staffId: string,
    moderatedText: string | null,
    moderatedSubject: string | null = null,
  ): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE inbound_emails
          SET status = 'received', reason = NULL, detail = NULL, processed_at = NULL, attempts = 0,
              transport_meta = coalesce(transport_meta, '{}'::jsonb)
                || jsonb_build_object('releasedBy', $2::text, 'releasedAt', now(),
                   'releasedHolds', coalesce(transport_meta->'releasedHolds', '[]'::jsonb) || '"safeguarding"'::jsonb)
                || CASE WHEN $3::text IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('moderatedText', $3::text) END
                || CASE WHEN $4::text IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('moderatedSubject', $4::text) END
        WHERE id = $1 AND status = 'held' AND reason = 'safeguarding'`,
      [id, staffId, moderatedText, moderatedSubject],
    );
    return (result as [unknown, number])[1] > 0;
  }

  async reject(id: string): Promise<boolean> {
    const result = await this.dataSource.query(
      `UPDATE inbound_emails SET status = 'rejected', reason = 'moderation_rejected', detail = 'rejected by staff in the moderation queue', processed_at = now()
        WHERE id = $1 AND status = 'held' AND reason = 'safeguarding'`,
      [id],
    );
    return (result as [unknown, number])[1] > 0;
  }
}
