import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DatabaseToolkit } from '../database/database-toolkit';
import { nameOthersSee } from '../programs/participant-names';

export interface DigestRecipientRow {
  id: string;
  name: string;
  preferredName?: string | null;
  role: 'mentor' | 'mentee';
  email: string;
  timeZone: string;
  locale: string;
  promptsStoppedAt: Date | null;
  pausedUntil: Date | null;
  pairingStatus: string;
  /** 'circle': the digest is the circle's (CircleDigest), never the pair's. */
  pairingKind: string;
  pairingName: string | null;
  relayAddress: string;
  programmeName: string;
  programmeId: string;
  programmeSlug: string;
  curriculumKey: string;
  isMember: boolean;
  suppressed: boolean;
  partnerIds: string[];
  /** As the digest names them (nameOthersSee): never an address. */
  partnerNames: string[];
  nextRunAt: Date | null;
  nextWeek: number | null;
  nextItem: number | null;
}

export interface DigestPromptRow {
  week: number;
  item: number;
  title: string;
  issuedAt: Date;
  pollOptions: string[] | null;
  promptKey: string;
  /** The recipient's own vote (zero-based option), null when they have not voted or it is no poll. */
  yourVote: number | null;
  /**
   * Votes per option across the programme (see programmePollCounts), filled in by the composer for
   * this week's polls; null otherwise. Never the pairing's own votes: in a 1:1 pairing those would
   * tell the partner's.
   */
  programmeCounts: number[] | null;
  you: boolean;
  partner: boolean;
}

export interface DigestData {
  recipient: DigestRecipientRow;
  prompts: DigestPromptRow[];
  lastMessage: { authorId: string; createdAt: Date } | null;
}

/**
 * Everything one digest shows, in one query (the build runs hundreds of times a second). A
 * prompt counts as answered by a reply in its thread, a poll vote, or a letter to one's future
 * self (kept, never relayed, so it leaves no message in the thread).
 */
@Injectable()
export class DigestRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly db: DatabaseToolkit,
  ) {}

  /** The programme's open topic rooms by name, and whether the participant is in each now. */
  async roomsFor(
    programmeId: string,
    participantId: string,
  ): Promise<{ name: string; topic: string; joined: boolean }[]> {
    return this.dataSource.query(
      `SELECT p.name, p.topic,
              EXISTS (SELECT 1 FROM pairing_members pm WHERE pm.pairing_id = p.id
                         AND pm.participant_id = $2 AND pm.left_at IS NULL) AS joined
         FROM pairings p
        WHERE p.programme_id = $1 AND p.kind = 'room' AND p.status = 'active'
        ORDER BY p.name`,
      [programmeId, participantId],
    );
  }

  async load(participantId: string, pairingId: string): Promise<DigestData | null> {
    // One round trip: the prompts and the last message ride along as JSON. A named statement,
    // so each pooled connection plans it once instead of on every digest.
    const pool = this.db.pool();
    const { rows } = await pool.query<Record<string, unknown>>({
      name: 'digest-load-v5',
      text: `SELECT p.id, p.name, p.preferred_name, p.role, p.email, p.time_zone, p.locale, p.prompts_stopped_at, p.paused_until,
              pa.status AS pairing_status, pa.kind AS pairing_kind, pa.name AS pairing_name, pa.relay_address, pr.id AS programme_id, pr.name AS programme_name, pr.slug,
              pr.curriculum_key,
              EXISTS (SELECT 1 FROM pairing_members pm WHERE pm.pairing_id = pa.id AND pm.participant_id = p.id AND pm.left_at IS NULL) AS is_member,
              EXISTS (SELECT 1 FROM suppressions x WHERE x.address = p.email AND x.lifted_at IS NULL) AS suppressed,
              COALESCE(o.ids, '{}') AS partner_ids, COALESCE(o.names, '{}') AS partner_names,
              COALESCE(o.preferred, '{}') AS partner_preferred_names,
              s.next_run_at, s.week AS next_week, s.item AS next_item,
              (SELECT json_agg(json_build_object(
                        'week', pp.week, 'item', pp.item, 'promptKey', pp.prompt_key, 'title', pp.title, 'issuedAt', pp.issued_at,
                        'pollOptions', pp.poll_options,
                        'yourVote', (SELECT v.option_index FROM poll_votes v WHERE v.pairing_prompt_id = pp.id AND v.participant_id = p.id),
                        'you', EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = pp.thread_id AND m.author_id = p.id)
                               OR EXISTS (SELECT 1 FROM poll_votes v WHERE v.pairing_prompt_id = pp.id AND v.participant_id = p.id)
                               OR EXISTS (SELECT 1 FROM letters l WHERE l.pairing_prompt_id = pp.id AND l.participant_id = p.id),
                        'partner', EXISTS (SELECT 1 FROM messages m WHERE m.thread_id = pp.thread_id AND m.author_id = ANY(o.ids))
                               OR EXISTS (SELECT 1 FROM poll_votes v WHERE v.pairing_prompt_id = pp.id AND v.participant_id = ANY(o.ids))
                               OR EXISTS (SELECT 1 FROM letters l WHERE l.pairing_prompt_id = pp.id AND l.participant_id = ANY(o.ids)))
                      ORDER BY pp.week, pp.item)
                 FROM pairing_prompts pp WHERE pp.pairing_id = pa.id) AS prompts,
              (SELECT json_build_object('authorId', m.author_id, 'createdAt', m.created_at)
                 FROM messages m
                WHERE m.pairing_id = pa.id AND m.kind = 'relay' AND m.author_id IS NOT NULL
                ORDER BY m.created_at DESC LIMIT 1) AS last_message
         FROM participants p
         JOIN pairings pa ON pa.id = $2
         JOIN programmes pr ON pr.id = pa.programme_id
         LEFT JOIN LATERAL (
           SELECT array_agg(q.id ORDER BY q.created_at) AS ids, array_agg(q.name ORDER BY q.created_at) AS names,
                  array_agg(q.preferred_name ORDER BY q.created_at) AS preferred
             FROM pairing_members om JOIN participants q ON q.id = om.participant_id
            WHERE om.pairing_id = pa.id AND om.participant_id <> p.id) o ON true
         LEFT JOIN schedules s ON s.participant_id = p.id AND s.pairing_id = pa.id AND s.stream = 'prompt'
        WHERE p.id = $1`,
      values: [participantId, pairingId],
    });
    const r = rows[0];
    if (!r) return null;
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    const prompts = (r.prompts as Record<string, unknown>[] | null) ?? [];
    const last = r.last_message as { authorId: string; createdAt: string } | null;
    return {
      recipient: {
        id: r.id as string,
        name: r.name as string,
        preferredName: (r.preferred_name as string | null) ?? null,
        role: r.role as 'mentor' | 'mentee',
        email: r.email as string,
        timeZone: r.time_zone as string,
        locale: r.locale as string,
        promptsStoppedAt: (r.prompts_stopped_at as Date | null) ?? null,
        pausedUntil: (r.paused_until as Date | null) ?? null,
        pairingStatus: r.pairing_status as string,
        pairingKind: r.pairing_kind as string,
        pairingName: (r.pairing_name as string | null) ?? null,
        relayAddress: r.relay_address as string,
        programmeName: r.programme_name as string,
        programmeId: r.programme_id as string,
        programmeSlug: r.slug as string,
        curriculumKey: r.curriculum_key as string,
        isMember: r.is_member as boolean,
        suppressed: r.suppressed as boolean,
        partnerIds: r.partner_ids as string[],
        partnerNames: (r.partner_names as string[]).map((name, i) =>
          nameOthersSee({ name, preferredName: (r.partner_preferred_names as (string | null)[])[i] }),
        ),
        nextRunAt: (r.next_run_at as Date | null) ?? null,
        nextWeek: num(r.next_week),
        nextItem: num(r.next_item),
      },
      prompts: prompts.map((p) => ({
        week: Number(p.week),
        item: Number(p.item),
        promptKey: p.promptKey as string,
        title: p.title as string,
        issuedAt: new Date(p.issuedAt as string),
        pollOptions: (p.pollOptions as string[] | null) ?? null,
        yourVote: num(p.yourVote),
        programmeCounts: null,
        you: p.you as boolean,
        partner: p.partner as boolean,
      })),
      lastMessage: last ? { authorId: last.authorId, createdAt: new Date(last.createdAt) } : null,
    };
  }

  /**
   * Votes per option of one poll across a programme: the same prompt in the same week, in every
   * pairing. Reads every vote of that poll in the programme, hence the composer's short memo.
   */
  async programmePollCounts(programmeId: string, promptKey: string, week: number): Promise<number[]> {
    const rows: { option_index: number; votes: string }[] = await this.dataSource.query(
      `SELECT v.option_index, count(*) AS votes
         FROM pairing_prompts q
         JOIN pairings qa ON qa.id = q.pairing_id
         JOIN poll_votes v ON v.pairing_prompt_id = q.id
        WHERE q.prompt_key = $2 AND q.week = $3 AND q.poll_options IS NOT NULL AND qa.programme_id = $1
        GROUP BY v.option_index`,
      [programmeId, promptKey, week],
    );
    const counts: number[] = [];
    for (const r of rows) counts[Number(r.option_index)] = Number(r.votes);
    return Array.from(counts, (n) => n ?? 0);
  }
}
