import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { StaffAudit, type StaffAuditAction } from '../entities/staff-audit.entity';
import { Participant } from '../../programs/entities/participant.entity';
import { pagedQuery, type PageOf, type PageRequest } from '../../database/paged-query';
import { screeningOn } from '../../programs/entities/programme.entity';
import type { ParticipantEdit } from './participant-edit';
import { SCREENING_DETAIL, type ScreeningCheck, type ScreeningState } from './screening';

export interface ParticipantAdminRow {
  participant: Participant;
  programmeName: string;
  /** The person's addresses (main and others) that are on the suppression list now. */
  suppressed: string[];
  pairings: { id: string; status: string; kind: string; name: string | null; partners: string }[];
  screening: ScreeningState;
}

export interface AuditRow {
  at: Date;
  staffEmail: string | null;
  action: string;
  detail: string;
  /** The participant's name, or "removed participant" once they are erased. */
  subject: string | null;
  participantId: string | null;
  inboundEmailId: string | null;
}

export interface ThreadViewRow {
  viewedAt: Date;
  staffEmail: string;
  pairingId: string;
  subject: string;
}

/** An erased participant is named so in the audit, never by the name they had. */
const AUDIT_SUBJECT = `CASE WHEN pa.removed_at IS NOT NULL THEN 'removed participant' ELSE pa.name END`;

/** The audit tables' sort keys (their columns' keys on the page) and what each sorts by. */
export const AUDIT_SORTS = {
  when: 'a.at',
  staff: 'u.email',
  action: 'a.action',
  participant: AUDIT_SUBJECT,
} as const;
export const VIEW_SORTS = { when: 'v.viewed_at', staff: 'u.email', thread: 't.subject' } as const;

/** Participants as staff edit them, and the staff audit. */
@Injectable()
export class PeopleRepository {
  constructor(private readonly dataSource: DataSource) {}

  async participant(id: string): Promise<ParticipantAdminRow | null> {
    const participant = await this.dataSource.manager.findOneBy(Participant, { id });
    if (!participant) return null;
    const [meta]: { programme_name: string; suppressed: string[] }[] = await this.dataSource.query(
      `SELECT g.name AS programme_name,
              coalesce((SELECT array_agg(s.address ORDER BY s.address) FROM suppressions s
                         WHERE s.lifted_at IS NULL AND s.address = ANY(array_append(pa.email_aliases, pa.email))),
                       '{}') AS suppressed
         FROM participants pa JOIN programmes g ON g.id = pa.programme_id WHERE pa.id = $1`,
      [id],
    );
    const pairings: ParticipantAdminRow['pairings'] = await this.dataSource.query(
      `SELECT p.id, p.status, p.kind, p.name,
              coalesce(string_agg(o.name, ', ' ORDER BY o.name) FILTER (WHERE o.id IS NOT NULL), '') AS partners
         FROM pairing_members pm JOIN pairings p ON p.id = pm.pairing_id
         LEFT JOIN pairing_members om ON om.pairing_id = p.id AND om.participant_id <> pm.participant_id
         LEFT JOIN participants o ON o.id = om.participant_id
        WHERE pm.participant_id = $1
        GROUP BY p.id ORDER BY p.created_at`,
      [id],
    );
    const screening = (await this.screening(id))!;
    return {
      participant,
      programmeName: meta.programme_name,
      suppressed: meta.suppressed,
      pairings,
      screening,
    };
  }

  /**
   * A participant's screening: each check's date, and who recorded it, read from the latest
   * `screening_recorded` audit entry for that check (a staff member since deleted reads null).
   */
  async screening(id: string, tx: EntityManager = this.dataSource.manager): Promise<ScreeningState | null> {
    const [row]: {
      background_checked_at: Date | null;
      trained_at: Date | null;
      screening_cleared_at: Date | null;
      screening_required: boolean | null;
      consent_age: number | null;
      recorded_by: Record<string, string | null> | null;
      last_clearing: 'screening_cleared' | 'screening_lapsed' | null;
    }[] = await tx.query(
      `SELECT pa.background_checked_at, pa.trained_at, pa.screening_cleared_at, g.screening_required, g.consent_age,
              (SELECT jsonb_object_agg(r.detail, r.email) FROM (
                 SELECT DISTINCT ON (a.detail) a.detail, u.email
                   FROM staff_audit a LEFT JOIN staff_users u ON u.id = a.staff_id
                  WHERE a.participant_id = pa.id AND a.action = 'screening_recorded'
                  ORDER BY a.detail, a.at DESC, a.id DESC) r) AS recorded_by,
              (SELECT a.action FROM staff_audit a
                WHERE a.participant_id = pa.id AND a.action IN ('screening_cleared', 'screening_lapsed')
                ORDER BY a.at DESC, a.id DESC LIMIT 1) AS last_clearing
         FROM participants pa JOIN programmes g ON g.id = pa.programme_id WHERE pa.id = $1`,
      [id],
    );
    if (!row) return null;
    const by = (check: ScreeningCheck) => row.recorded_by?.[SCREENING_DETAIL[check]] ?? null;
    return {
      required: screeningOn({ screeningRequired: row.screening_required, consentAge: row.consent_age }),
      background: {
        recordedAt: row.background_checked_at,
        recordedBy: row.background_checked_at ? by('background') : null,
      },
      training: { recordedAt: row.trained_at, recordedBy: row.trained_at ? by('training') : null },
      clearedAt: row.screening_cleared_at,
      lapsed: row.last_clearing === 'screening_lapsed',
    };
  }

  /** Which of `addresses` another participant of the programme already uses (main or other). */
  async takenAddresses(programmeId: string, exceptId: string, addresses: string[]): Promise<string[]> {
    const rows: { address: string }[] = await this.dataSource.query(
      `SELECT DISTINCT a AS address FROM participants pa, unnest(array_append(pa.email_aliases, pa.email)) a
        WHERE pa.programme_id = $1 AND pa.id <> $2 AND a = ANY($3::text[])`,
      [programmeId, exceptId, addresses],
    );
    return rows.map((r) => r.address);
  }

  async updateParticipant(id: string, edit: ParticipantEdit, tx: EntityManager): Promise<void> {
    await tx.update(
      Participant,
      { id },
      {
        preferredName: edit.preferredName,
        email: edit.email,
        emailAliases: [edit.email, ...edit.aliases],
        timeZone: edit.timeZone,
        locale: edit.locale,
      },
    );
  }

  async audit(
    entry: {
      staffId: string | null;
      programmeId: string;
      action: StaffAuditAction;
      detail?: string;
      participantId?: string | null;
      inboundEmailId?: string | null;
    },
    tx: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await tx.insert(StaffAudit, {
      staffId: entry.staffId,
      programmeId: entry.programmeId,
      action: entry.action,
      detail: entry.detail ?? '',
      participantId: entry.participantId ?? null,
      inboundEmailId: entry.inboundEmailId ?? null,
    });
  }

  /** The programme's staff audit, newest first unless sorted; searched and paged in SQL (it only grows). */
  auditOf(programmeId: string, req: PageRequest, pageSize: number): Promise<PageOf<AuditRow>> {
    return pagedQuery(
      this.dataSource,
      {
        select: `a.at, u.email AS "staffEmail", a.action, a.detail, a.participant_id AS "participantId",
                 a.inbound_email_id AS "inboundEmailId", ${AUDIT_SUBJECT} AS subject`,
        from: `staff_audit a LEFT JOIN staff_users u ON u.id = a.staff_id
               LEFT JOIN participants pa ON pa.id = a.participant_id`,
        where: 'a.programme_id = $1',
        params: [programmeId],
        search: ['u.email', 'a.action', 'a.detail', AUDIT_SUBJECT],
        sorts: AUDIT_SORTS,
        order: 'a.at DESC, a.id DESC',
      },
      req,
      pageSize,
    );
  }

  /** Who on the staff read which conversation of the programme, newest first unless sorted, in SQL. */
  threadViewsOf(programmeId: string, req: PageRequest, pageSize: number): Promise<PageOf<ThreadViewRow>> {
    return pagedQuery(
      this.dataSource,
      {
        select: `v.viewed_at AS "viewedAt", u.email AS "staffEmail", v.pairing_id AS "pairingId", t.subject`,
        from: `thread_views v JOIN pairings p ON p.id = v.pairing_id
               JOIN staff_users u ON u.id = v.staff_id JOIN threads t ON t.id = v.thread_id`,
        where: 'p.programme_id = $1',
        params: [programmeId],
        search: ['u.email', 't.subject'],
        sorts: VIEW_SORTS,
        order: 'v.viewed_at DESC, v.id DESC',
      },
      req,
      pageSize,
    );
  }
}
