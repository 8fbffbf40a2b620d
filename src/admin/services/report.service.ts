import { Injectable } from '@nestjs/common';
import { csv, type CsvDelimiter } from '../html/csv';
import { FunnelRepository, FUNNEL_STAGES, type FunnelStage } from '../repositories/funnel.repository';
import {
  ReportRepository,
  type PulseWeek,
  type ReplyTime,
  type SurveyScore,
} from '../repositories/report.repository';
import { ProgrammeAdminService } from './programme-admin.service';

export interface ProgrammeReport {
  programme: { id: string; name: string };
  funnel: Record<FunnelStage, number>;
  replyTimes: ReplyTime[];
  pulse: PulseWeek[];
  closeSurvey: SurveyScore[];
}

export const REPORT_EXPORTS = ['pairings', 'activity', 'surveys'] as const;
export type ReportExport = (typeof REPORT_EXPORTS)[number];

@Injectable()
export class ReportService {
  constructor(
    private readonly programmes: ProgrammeAdminService,
    private readonly funnels: FunnelRepository,
    private readonly reports: ReportRepository,
  ) {}

  async report(programmeId: string): Promise<ProgrammeReport> {
    const programme = await this.programmes.programme(programmeId);
    const [funnels, replyTimes, pulse, closeSurvey] = await Promise.all([
      this.funnels.funnels(programmeId),
      this.reports.replyTimes(programmeId),
      this.reports.pulseTrend(programmeId),
      this.reports.closeSurvey(programmeId),
    ]);
    const empty = Object.fromEntries(FUNNEL_STAGES.map((s) => [s, 0])) as Record<FunnelStage, number>;
    return {
      programme: { id: programme.id, name: programme.name },
      funnel: funnels[0]?.counts ?? empty,
      replyTimes,
      pulse,
      closeSurvey,
    };
  }

  /** One export as CSV text, named for the programme and the kind. */
  async export(
    programmeId: string,
    kind: ReportExport,
    delimiter: CsvDelimiter = ',',
  ): Promise<{ filename: string; body: string }> {
    const programme = await this.programmes.programme(programmeId);
    const filename = `${programme.slug}-${kind}.csv`;
    if (kind === 'surveys') {
      const rows = await this.reports.surveyAnswers(programmeId);
      return {
        filename,
        body: csv(
          ['pairing_id', 'name', 'role', 'poll', 'score', 'answer', 'comment', 'voted_at'],
          rows.map((r) => [r.pairingId, r.name, r.role, r.poll, r.score, r.answer, r.comment, r.votedAt]),
          delimiter,
        ),
      };
    }
    const rows = await this.reports.pairings(programmeId);
    if (kind === 'activity') {
      return {
        filename,
        body: csv(
          [
            'pairing_id',
            'mentors',
            'mentees',
            'mentor_messages',
            'mentee_messages',
            'prompts',
            'last_message_at',
          ],
          rows.map((r) => [
            r.id,
            r.mentors,
            r.mentees,
            r.mentorMessages,
            r.menteeMessages,
            r.prompts,
            r.lastMessageAt,
          ]),
          delimiter,
        ),
      };
    }
    return {
      filename,
      body: csv(
        ['pairing_id', 'kind', 'status', 'mentors', 'mentees', 'created_at', 'ended_at', 'end_reason'],
        rows.map((r) => [r.id, r.kind, r.status, r.mentors, r.mentees, r.createdAt, r.endedAt, r.endReason]),
        delimiter,
      ),
    };
  }
}
