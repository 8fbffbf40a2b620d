import type { MatchingMode } from '../../programs/entities/programme.entity';
import { RoomsRepository, type RoomSummary } from '../../rooms/rooms.repository';
import { Injectable } from '@nestjs/common';
import { AttentionService } from '../../attention/attention.service';
import { AppConfig } from '../../config/app-config';
import { joinAddress as joinAddressOf } from '../../desk/desk-address';
import type { Participant } from '../../programs/entities/participant.entity';
import type { Programme } from '../../programs/entities/programme.entity';
import { isCurriculumKey } from '../../prompts/curricula';
import { ProgramsRepository } from '../../programs/programs.repository';
import { ProgramsService } from '../../programs/programs.service';
import { AdminNotFound, AdminInputError } from '../admin.errors';
import { CircleReadRepository, type CircleSummary } from '../repositories/circle-read.repository';
import { PairingHealthRepository, type PairingHealthRow } from '../repositories/pairing-health.repository';
import { ProgrammeReadRepository, type ParticipantRow } from '../repositories/programme-read.repository';
import { EnrolmentRepository } from '../../enrolment/enrolment.repository';
import { consentNeeded, enrolmentStage, type EnrolmentStage } from '../../enrolment/stage';
import { awaitsGuardianConsent, awaitsScreening } from '../../matching/readiness';
import { refuseAwaitingConsent, refuseUnscreened } from './consent-gate';

/** A participant's enrolment as staff see it; people added before enrolment (CSV pairings) have none. */
export interface EnrolmentCell {
  stage: EnrolmentStage;
  declined: boolean;
  /** Youth programmes: 'waiting' for the guardian, 'given', or null when not needed (yet). */
  consent: 'waiting' | 'given' | null;
}

export interface ProgrammeView {
  programme: Programme;
  participants: ParticipantRow[];
  pairings: PairingHealthRow[];
  enrolment: Map<string, EnrolmentCell>;
  circles: CircleSummary[];
  /** Where people write to join (it takes mail only while joining by email is on). */
  joinAddress: string;
  rooms: RoomSummary[];
  /** Health scores of its active pairings with a signal (the others score 100). */
  scores: Map<string, number>;
  /**
   * Participants who may not be placed yet, with why (a guardian's consent awaited, a mentor's
   * screening not recorded): the forms do not offer them for a pairing or circle.
   */
  notPlaceable: Map<string, string>;
}

const MATCHING_MODES: readonly MatchingMode[] = ['review', 'automatic', 'choice'];

@Injectable()
export class ProgrammeAdminService {
  constructor(
    private readonly reads: ProgrammeReadRepository,
    private readonly health: PairingHealthRepository,
    private readonly programs: ProgramsRepository,
    private readonly programsService: ProgramsService,
    private readonly config: AppConfig,
    private readonly enrolmentRows: EnrolmentRepository,
    private readonly circles: CircleReadRepository,
    private readonly rooms: RoomsRepository,
    private readonly attention: AttentionService,
  ) {}

  listProgrammes(): Promise<Programme[]> {
    return this.reads.listProgrammes();
  }

  async programme(id: string): Promise<Programme> {
    const programme = await this.reads.findProgramme(id);
    if (!programme) throw new AdminNotFound('programme');
    return programme;
  }

  async view(id: string): Promise<ProgrammeView> {
    const programme = await this.programme(id);
    const [participants, pairings, stages, circles, rooms, health] = await Promise.all([
      this.reads.participants(id),
      this.health.list({ programmeId: id }),
      this.enrolmentRows.stages(id),
      this.circles.list(id),
      this.rooms.summaries(id),
      this.attention.healthScores({ programmeId: id }),
    ]);
    const scores = new Map([...health].map(([pairingId, h]) => [pairingId, h.score]));
    const enrolment = new Map(
      stages.map((s): [string, EnrolmentCell] => [
        s.participantId,
        {
          stage: enrolmentStage(s, programme),
          declined: s.declinedAt !== null,
          consent:
            s.guardianConsentedAt !== null
              ? 'given'
              : consentNeeded(s, programme) && s.age !== null
                ? 'waiting'
                : null,
        },
      ]),
    );
    const profiles = new Map(stages.map((s) => [s.participantId, s]));
    const notPlaceable = new Map<string, string>();
    for (const p of participants) {
      if (awaitsGuardianConsent(profiles.get(p.id) ?? null, programme))
        notPlaceable.set(p.id, 'guardian consent awaited');
      else if (p.role === 'mentor' && awaitsScreening(p, programme))
        notPlaceable.set(p.id, 'screening not recorded');
    }
    const joinAddress = joinAddressOf(programme.slug, this.config.env.RELAY_DOMAIN);
    return {
      programme,
      participants,
      pairings,
      enrolment,
      circles,
      rooms,
      joinAddress,
      scores,
      notPlaceable,
    };
  }

  /**
   * The tick reads these when it dispatches, so live pairings follow them from their next step;
   * the one step already announced keeps its time (see test/prompts/programme-edit.test.ts).
   */
  async updateSchedule(id: string, input: Record<string, unknown>): Promise<Programme> {
    const curriculumKey = String(input.curriculumKey ?? '');
    const sendWeekday = wholeNumber(input.sendWeekday);
    const sendHour = wholeNumber(input.sendHour);
    if (!isCurriculumKey(curriculumKey)) throw new AdminInputError(`Unknown curriculum "${curriculumKey}"`);
    if (!Number.isInteger(sendWeekday) || sendWeekday < 1 || sendWeekday > 7)
      throw new AdminInputError('The weekday must be 1 (Monday) to 7 (Sunday)');
    if (!Number.isInteger(sendHour) || sendHour < 0 || sendHour > 23)
      throw new AdminInputError('The hour must be 0 to 23');
    const values = { curriculumKey, sendWeekday, sendHour };
    if (!(await this.programs.updateProgrammeSchedule(id, values))) throw new AdminNotFound('programme');
    return this.programme(id);
  }

  /** Flood and loop limits; the doors and the loop check read them with every email. */
  async updateLimits(id: string, input: Record<string, unknown>): Promise<Programme> {
    const values = {
      senderLimit: boundedCount(input.senderLimit, 'The sender limit', 1, 100_000),
      pairingLimit: boundedCount(input.pairingLimit, 'The pairing limit', 1, 100_000),
      loopLimit: boundedCount(input.loopLimit, 'The loop limit', 1, 100_000),
      floodWindowMinutes: boundedCount(input.floodWindowMinutes, 'The window', 1, 1440),
    };
    if (!(await this.programs.updateProgrammeLimits(id, values))) throw new AdminNotFound('programme');
    return this.programme(id);
  }

  /**
   * When the work queue flags a pairing and when a nudge goes out. The ranges keep each inside the
   * table's check constraint and within sense (a reply owed over a year is no signal); all are checked
   * before anything is written, so one bad value saves none.
   */
  async updateAttention(id: string, input: Record<string, unknown>): Promise<Programme> {
    const values = {
      firstExchangeDays: boundedCount(input.firstExchangeDays, 'Days to a first exchange', 1, 365),
      owedReplyDays: boundedCount(input.owedReplyDays, 'Days a reply may be owed', 1, 365),
      oneSidedMessages: boundedCount(input.oneSidedMessages, 'Unanswered messages in a row', 2, 100),
      lowScore: boundedCount(input.lowScore, 'A low score', 1, 5),
      silenceDays: boundedCount(input.silenceDays, 'Days of silence', 1, 365),
      nudgeAfterDays: boundedCount(input.nudgeAfterDays, 'Days before a reminder', 1, 365),
      nudgeMax: boundedCount(input.nudgeMax, 'Reminders at most', 0, 10),
    };
    if (!(await this.programs.updateProgrammeAttention(id, values))) throw new AdminNotFound('programme');
    return this.programme(id);
  }

  /**
   * How people get in and get a partner, and the planned end. Each value is checked here, once, with
   * a message staff can act on; the join address and the choice flow read them with every email.
   */
  async updateLifecycle(id: string, input: Record<string, unknown>): Promise<Programme> {
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const mode = text(input.matchingMode);
    if (!MATCHING_MODES.includes(mode as MatchingMode))
      throw new AdminInputError('Matching must be review, automatic or choice');
    const consent = text(input.consentAge);
    const termsUrl = text(input.termsUrl);
    if (termsUrl && !/^https?:\/\/\S+$/i.test(termsUrl))
      throw new AdminInputError('The terms link must start with https:// (or http://)');
    const description = text(input.description);
    if (description.length > 1000) throw new AdminInputError('The description is at most 1,000 characters');
    const endsOn = text(input.endsOn);
    if (endsOn && (!/^\d{4}-\d{2}-\d{2}$/.test(endsOn) || Number.isNaN(Date.parse(`${endsOn}T00:00:00Z`))))
      throw new AdminInputError('The end date must be a date (YYYY-MM-DD)');
    const values = {
      joinEnabled: input.joinEnabled === 'on',
      matchingMode: mode as MatchingMode,
      choiceReplyHours: boundedCount(input.choiceReplyHours, 'The time to answer', 1, 720),
      consentAge: consent ? boundedCount(consent, 'The consent age', 5, 25) : null,
      termsUrl: termsUrl || null,
      description: description || null,
      endsOn: endsOn || null,
    };
    if (!(await this.programs.updateProgrammeLifecycle(id, values))) throw new AdminNotFound('programme');
    return this.programme(id);
  }

  /**
   * A pairing made by hand from existing participants of the programme; nobody awaiting a
   * guardian's consent, and a screened mentor where the programme screens mentors.
   */
  async createPairing(programmeId: string, mentorId: string, menteeIds: string[]): Promise<string> {
    const programme = await this.programme(programmeId);
    const mentor = await this.programs.findParticipant(mentorId);
    const mentees = await Promise.all(menteeIds.map((id) => this.programs.findParticipant(id)));
    const all = [mentor, ...mentees];
    if (all.some((p) => !p || p.programmeId !== programmeId)) {
      throw new AdminInputError('Choose a mentor and at least one mentee of this programme.');
    }
    if (mentor!.role !== 'mentor' || mentees.length === 0 || mentees.some((m) => m!.role !== 'mentee')) {
      throw new AdminInputError('A pairing needs one mentor and at least one mentee.');
    }
    await refuseAwaitingConsent(programme, all as Participant[], this.enrolmentRows);
    refuseUnscreened(programme, [mentor!]);
    const pairing = await this.programsService.createPairing(programme, mentor!, mentees as Participant[]);
    return pairing.id;
  }
}

/** A form sends strings, the API numbers; blank or null must not pass as 0. */
function wholeNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && /^\d{1,2}$/.test(value.trim()) ? Number(value) : Number.NaN;
}

/** A whole number in [min, max] from a form (string) or the API (number), else a 400 naming it. */
function boundedCount(value: unknown, what: string, min: number, max: number): number {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\d{1,7}$/.test(value.trim())
        ? Number(value)
        : NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AdminInputError(`${what} must be ${min} to ${max}`);
  return n;
}
