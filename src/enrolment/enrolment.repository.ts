import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ParticipantProfile } from './entities/participant-profile.entity';

/** A profile waiting for a reminder: its step (confirmation or questions) and how many were sent. */
export interface ReminderDue {
  participantId: string;
  step: 'confirm' | 'questions';
  remindersSent: number;
}

export interface StageRow {
  participantId: string;
  confirmedAt: Date | null;
  profileCompletedAt: Date | null;
  declinedAt: Date | null;
  age: number | null;
  guardianConsentedAt: Date | null;
  guardianEmail: string | null;
  roleWanted: string | null;
}

@Injectable()
export class EnrolmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  private m(tx?: EntityManager): EntityManager {
    return tx ?? this.dataSource.manager;
  }

  insert(values: Partial<ParticipantProfile>, tx: EntityManager): Promise<ParticipantProfile> {
    return tx.save(ParticipantProfile, tx.create(ParticipantProfile, values));
  }

  /** The profile, locked for the rest of the transaction so two replies do not interleave. */
  findForUpdate(participantId: string, tx: EntityManager): Promise<ParticipantProfile | null> {
    return tx.findOne(ParticipantProfile, { where: { participantId }, lock: { mode: 'pessimistic_write' } });
  }

  find(participantId: string, tx?: EntityManager): Promise<ParticipantProfile | null> {
    return this.m(tx).findOneBy(ParticipantProfile, { participantId });
  }

  byConfirmToken(token: string, tx?: EntityManager): Promise<ParticipantProfile | null> {
    return this.m(tx).findOneBy(ParticipantProfile, { confirmToken: token });
  }

  byGuardianToken(token: string, tx?: EntityManager): Promise<ParticipantProfile | null> {
    return this.m(tx).findOneBy(ParticipantProfile, { guardianToken: token });
  }

  async update(participantId: string, values: Partial<ParticipantProfile>, tx: EntityManager): Promise<void> {
    await tx.update(ParticipantProfile, { participantId }, { ...values, updatedAt: () => 'now()' } as never);
  }

  /** Confirms once: true only for the call that set it (a reply and a click racing confirm once). */
  async markConfirmed(participantId: string, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `WITH done AS (
         UPDATE participant_profiles SET confirmed_at = now(), declined_at = NULL, reminders_sent = 0,
                last_asked_at = now(), updated_at = now()
          WHERE participant_id = $1 AND confirmed_at IS NULL RETURNING 1)
       SELECT 1 FROM done`,
      [participantId],
    );
    return rows.length > 0;
  }

  /** Consents once; consenting after a withdrawal clears the withdrawal (and resumes nothing). */
  async markGuardianConsented(participantId: string, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `WITH done AS (
         UPDATE participant_profiles
            SET guardian_consented_at = now(), guardian_consent_withdrawn_at = NULL, updated_at = now()
          WHERE participant_id = $1 AND guardian_consented_at IS NULL RETURNING 1)
       SELECT 1 FROM done`,
      [participantId],
    );
    return rows.length > 0;
  }

  /** Withdraws a given consent: when it was withdrawn, or null when there was none to withdraw. */
  async markGuardianWithdrawn(participantId: string, tx: EntityManager): Promise<Date | null> {
    const rows: { at: Date }[] = await tx.query(
      `WITH done AS (
         UPDATE participant_profiles
            SET guardian_consented_at = NULL, guardian_consent_withdrawn_at = now(), updated_at = now()
          WHERE participant_id = $1 AND guardian_consented_at IS NOT NULL
          RETURNING guardian_consent_withdrawn_at AS at)
       SELECT at FROM done`,
      [participantId],
    );
    return rows[0]?.at ?? null;
  }

  /**
   * Unanswered confirmations and questionnaires whose next reminder is due at `now`: the first
   * 3 days after the step was asked, the second 7 days after; never more than two, never after a no.
   */
  async remindersDue(now: Date, limit: number, tx?: EntityManager): Promise<ReminderDue[]> {
    const rows: { participant_id: string; step: 'confirm' | 'questions'; reminders_sent: number }[] =
      await this.m(tx).query(
        `SELECT participant_id, reminders_sent,
                CASE WHEN confirmed_at IS NULL THEN 'confirm' ELSE 'questions' END AS step
           FROM participant_profiles
          WHERE profile_completed_at IS NULL AND declined_at IS NULL AND reminders_sent < 2
            AND COALESCE(confirmed_at, invited_at)
                <= $1::timestamptz - CASE WHEN reminders_sent = 0 THEN interval '3 days' ELSE interval '7 days' END
          ORDER BY participant_id LIMIT $2`,
        [now, limit],
      );
    return rows.map((r) => ({
      participantId: r.participant_id,
      step: r.step,
      remindersSent: r.reminders_sent,
    }));
  }

  /** Counts a reminder as sent, once: false when another tick already counted this one. */
  async claimReminder(participantId: string, sent: number, tx: EntityManager): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `WITH done AS (
         UPDATE participant_profiles SET reminders_sent = reminders_sent + 1, last_asked_at = now()
          WHERE participant_id = $1 AND reminders_sent = $2 RETURNING 1)
       SELECT 1 FROM done`,
      [participantId, sent],
    );
    return rows.length > 0;
  }

  /** Every profile of a programme, for the staff's participants table. */
  async stages(programmeId: string): Promise<StageRow[]> {
    const rows = await this.m().find(ParticipantProfile, { where: { programmeId } });
    return rows.map((r) => ({
      participantId: r.participantId,
      confirmedAt: r.confirmedAt,
      profileCompletedAt: r.profileCompletedAt,
      declinedAt: r.declinedAt,
      age: r.age,
      guardianConsentedAt: r.guardianConsentedAt,
      guardianEmail: r.guardianEmail,
      roleWanted: r.roleWanted,
    }));
  }
}
