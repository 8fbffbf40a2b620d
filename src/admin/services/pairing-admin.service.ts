import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '../../prompts/clock';
import { PairingActionsRepository, type HistoryRow } from '../../attention/pairing-actions.repository';
import { ClosingRepository, type RematchRow } from '../../closing/closing.repository';
import { PausedMailService } from '../../inbound/paused-mail.service';
import type { PairingStatus } from '../../programs/entities/pairing.entity';
import type { OptOutVia } from '../../programs/entities/participant.entity';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import { ProgramsService } from '../../programs/programs.service';
import { curriculumOf } from '../../prompts/curricula';
import { findPrompt } from '../../prompts/library/prompt-library';
import { PairingPromptsRepository, type PollTally } from '../../prompts/pairing-prompts.repository';
import { promptKeyOf } from '../../prompts/schedule/prompt-plan';
import type { PageOf, PageRequest } from '../../database/paged-query';
import { EnrolmentRepository } from '../../enrolment/enrolment.repository';
import { AdminInputError, AdminNotFound } from '../admin.errors';
import { refuseAwaitingConsent, refuseUnscreened } from './consent-gate';
import { PAGE_SIZE } from '../html/data-table';
import {
  PairingDetailRepository,
  type SideStats,
  type ThreadRow,
  type UpcomingRow,
  type ViewRow,
} from '../repositories/pairing-detail.repository';

export interface UpcomingSend extends UpcomingRow {
  name: string;
  role: string;
  /** The curriculum item a prompt row will send; null for digests or past the curriculum. */
  title: string | null;
}

/** The pairing page's tables that grow without bound, each read one page at a time in SQL. */
export interface PairingTables {
  threads: PageRequest;
  history: PageRequest;
  views: PageRequest;
}

const FIRST_PAGE: PageRequest = { q: '', dir: 'ascending', page: 1 };
const FIRST_PAGES: PairingTables = { threads: FIRST_PAGE, history: FIRST_PAGE, views: FIRST_PAGE };

export interface PairingView extends PairingWithMembers {
  threads: PageOf<ThreadRow>;
  sides: (SideStats & {
    name: string;
    role: string;
    email: string;
    owesReply: boolean;
    /** Prompts and digests stopped: when, and how (#stop, the unsubscribe link, a complaint). */
    optedOut: { at: Date; via: OptOutVia } | null;
    pausedUntil: Date | null;
  })[];
  views: PageOf<ViewRow>;
  waitingSince: Date | null;
  upcoming: UpcomingSend[];
  polls: PollTally[];
  /** Members' emails held while the pairing is paused, relayed when it is resumed. */
  waitingMail: number;
  /** #rematch requests with their private reasons: staff only. */
  rematches: RematchRow[];
  /** Staff's pending invitation to continue, and who has said yes. */
  continuation: { endsOn: string; answered: string[] } | null;
  /** The planned end: the pair's own, else the programme's. */
  endsOn: string | null;
  /** Staff's actions and notes from the work queue, and the reminders sent, newest first. */
  history: PageOf<HistoryRow>;
}

/** pollTallies counts polls issued since a date; the pairing page shows all of them. */
const SINCE_EVER = new Date(0);

/**
 * Which status each action moves to, and from where it is allowed. A Map, not an object: the
 * action comes from the URL, and `constructor` or `__proto__` must be unknown, not Object's own.
 */
const ACTIONS: ReadonlyMap<string, { to: PairingStatus; from: PairingStatus[] }> = new Map([
  ['pause', { to: 'paused', from: ['active'] }],
  ['resume', { to: 'active', from: ['paused'] }],
  ['end', { to: 'ended', from: ['active', 'paused'] }],
]);

/** An action's past participle, for the answer when the pairing changed under it. */
const ACTION_DONE: Record<string, string> = { pause: 'paused', resume: 'resumed', end: 'ended' };

@Injectable()
export class PairingAdminService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly programsService: ProgramsService,
    private readonly details: PairingDetailRepository,
    private readonly prompts: PairingPromptsRepository,
    private readonly pausedMail: PausedMailService,
    private readonly closing: ClosingRepository,
    private readonly actions: PairingActionsRepository,
    private readonly profiles: EnrolmentRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async pairing(id: string): Promise<PairingWithMembers> {
    const found = await this.programs.findPairing(id);
    if (!found) throw new AdminNotFound('pairing');
    return found;
  }

  /** The API asks without a table state: each table's first page, in its default order. */
  async view(id: string, tables: PairingTables = FIRST_PAGES): Promise<PairingView> {
    const found = await this.pairing(id);
    // Mentor first, as staff speak of a pairing.
    const base = {
      ...found,
      members: [...found.members].sort((a, b) => (a.role === b.role ? 0 : a.role === 'mentor' ? -1 : 1)),
    };
    const [threads, stats, views, last, schedule, polls, waitingMail, rematches, continuation, history] =
      await Promise.all([
        this.details.threads(id, tables.threads, PAGE_SIZE),
        this.details.sideStats(id),
        this.details.views(id, tables.views, PAGE_SIZE),
        this.details.lastRelay(id),
        this.details.upcoming(id),
        this.prompts.pollTallies(id, SINCE_EVER),
        this.pausedMail.waiting(id),
        this.closing.rematches({ pairingId: id }),
        this.closing.continuation(id),
        this.actions.history(id, tables.history, PAGE_SIZE),
      ]);
    const lastAuthor = base.members.find((m) => m.id === last?.authorId);
    const sides = base.members.map((m) => {
      const s = stats.find((x) => x.participantId === m.id);
      return {
        participantId: m.id,
        lastMessageAt: s?.lastMessageAt ?? null,
        messages: s?.messages ?? 0,
        medianReplySeconds: s?.medianReplySeconds ?? null,
        promptsSent: s?.promptsSent ?? 0,
        promptsAnswered: s?.promptsAnswered ?? 0,
        name: m.name,
        role: m.role,
        email: m.email,
        // The other side of whoever wrote last owes the reply (in a group, every mentee does).
        owesReply: !!lastAuthor && m.role !== lastAuthor.role,
        optedOut: m.promptsStoppedAt
          ? { at: m.promptsStoppedAt, via: m.promptsStoppedVia ?? 'unknown' }
          : null,
        pausedUntil: m.pausedUntil && m.pausedUntil > new Date() ? m.pausedUntil : null,
      };
    });
    const curriculum = curriculumOf(found.pairing.kind, found.programme.curriculumKey);
    const upcoming = schedule.map((u) => {
      const member = base.members.find((m) => m.id === u.participantId);
      const key = u.stream === 'prompt' && u.nextRunAt ? promptKeyOf(curriculum, u) : null;
      return {
        ...u,
        name: member?.name ?? '?',
        role: member?.role ?? '',
        title: key ? (findPrompt(key)?.title ?? key) : null,
      };
    });
    return {
      ...base,
      threads,
      sides,
      views,
      upcoming,
      polls,
      waitingMail,
      rematches,
      continuation,
      history,
      endsOn: found.pairing.endsOn ?? found.programme.endsOn,
      waitingSince: lastAuthor ? last!.createdAt : null,
    };
  }

  /** A status change, kept in the pairing's history (with who did it, when staff did). */
  async act(id: string, action: string, staffId: string | null = null): Promise<PairingStatus> {
    const rule = ACTIONS.get(action);
    if (!rule) throw new AdminInputError(`Unknown action: ${action}`);
    const { pairing, programme, members } = await this.pairing(id);
    if (!rule.from.includes(pairing.status)) {
      throw new AdminInputError(`Cannot ${action} a pairing that is ${pairing.status}.`);
    }
    // Resuming lets the members write to each other again: the rules of placing them apply (a
    // pair paused by a guardian's withdrawal, or by a mentor's screening being cleared, stays so).
    if (rule.to === 'active') {
      await refuseAwaitingConsent(programme, members, this.profiles);
      refuseUnscreened(
        programme,
        members.filter((m) => m.role === 'mentor'),
      );
    }
    if (!(await this.programsService.changePairingStatus(id, rule.from, rule.to))) {
      const now = (await this.pairing(id)).pairing.status;
      throw new AdminInputError(
        `This pairing changed meanwhile: it is ${now} now, so it was not ${ACTION_DONE[action]}.`,
      );
    }
    await this.actions.record({
      pairingId: id,
      action: action as 'pause' | 'resume' | 'end',
      staffId,
      createdAt: this.clock.now(),
    });
    // What its members wrote while it was paused is processed again now the status is committed:
    // relayed on resume; on an end, answered with the ended notice instead of waiting for ever.
    // Asked whenever it may have been paused (it can have been since it was read); a pairing with
    // nothing waiting releases nothing.
    if (rule.from.includes('paused')) await this.pausedMail.releaseFor(id);
    return rule.to;
  }
}
