import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { Transactor } from '../../database/transactor';
import { DigestFanoutService, type FanoutReport } from '../../digests/digest-fanout.service';
import { EnrolmentReminders } from '../../enrolment/enrolment-reminders.service';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import { CLOCK, type Clock } from '../clock';
import { curriculumOf } from '../curricula';
import { LetterReturnService } from '../letters/letter-return.service';
import { MentorFirstGate } from '../sequencing/mentor-first.gate';
import { CurriculumEndingService } from './curriculum-ending.service';
import { PlannedEndService } from './planned-end.service';
import { PausedMailService } from '../../inbound/paused-mail.service';
import type { Schedule } from '../entities/schedule.entity';
import { addDays, isValidZone, localDateOf, localInstant, nextLocalSendTime } from './local-time';
import { firstSlot, planDue, promptKeyOf, slotAt, type Cadence, type Slot } from './prompt-plan';
import { WelcomeService } from '../welcome/welcome.service';
import { AutomaticMatchingService } from '../../matching/automatic-matching.service';
import { ChoiceService } from '../../choice/choice.service';
import { RoomCallsService } from '../../rooms/room-calls.service';
import { PromptIssuer } from './prompt-issuer';
import { NudgeService, type NudgeReport } from '../../attention/nudge.service';
import { StaffDigestService } from '../../attention/staff-digest.service';
import { ScreeningLapseService } from '../../programs/screening-lapse.service';
import { ScheduleRepository, type ClaimedRow } from './schedule.repository';

const BATCH = 200;
const SEED_BATCH = 5000;
/** A prompt another of a person's rows sent less than this ago holds the same slot (ticks run late). */
const SLOT_WINDOW_MS = 12 * 3_600_000;

export interface TickReport {
  seeded: number;
  prompts: { sent: number; skipped: number; ended: number };
  digests: FanoutReport;
  /** Reminders for unanswered enrolment confirmations and questionnaires. */
  enrolmentReminders: number;
  /** Day-before reminders of topic calls, to those who said yes. */
  roomCallReminders: number;
  /** Reminders to whoever owes a reply, and staff alerted after the last one. */
  nudges: NudgeReport;
  /** Weekly digests written to staff. */
  staffDigests: number;
  /** People whose screening record lapsed and was cleared. */
  screeningLapsed: number;
}

/**
 * The one repeating job: seeds schedules for new members, claims what is due (SKIP LOCKED, so
 * ticks on several workers split the rows), writes deliveries and the next send time in the
 * same transaction, and enqueues only after the commit. Callable with any `now` for tests.
 */
@Injectable()
export class ScheduleTickService {
  private readonly logger = new Logger(ScheduleTickService.name);

  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly issuer: PromptIssuer,
    private readonly letters: LetterReturnService,
    private readonly gate: MentorFirstGate,
    private readonly outbox: OutboxService,
    private readonly digests: DigestFanoutService,
    private readonly transactor: Transactor,
    private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly welcomes: WelcomeService,
    private readonly endings: CurriculumEndingService,
    private readonly plannedEnd: PlannedEndService,
    private readonly pausedMail: PausedMailService,
    private readonly matching: AutomaticMatchingService,
    private readonly choice: ChoiceService,
    private readonly enrolmentReminders: EnrolmentReminders,
    private readonly roomCalls: RoomCallsService,
    private readonly nudger: NudgeService,
    private readonly staffDigests: StaffDigestService,
    private readonly screeningLapse: ScreeningLapseService,
  ) {}

  async tick(now: Date = this.clock.now()): Promise<TickReport> {
    // Before matching: a mentor whose screening lapsed is matched with nobody in this tick.
    const screeningLapsed = await this.screeningLapse.run(now);
    // First: pairings made by automatic matching, and by a mentor's yes since the last tick, are
    // seeded and welcomed in this same tick; requests past their time lapse and new mentees get
    // suggestions (programmes whose mentees choose).
    await this.matching.run(now);
    await this.choice.run(now);
    const seeded = await this.seed(now);
    // Right after seeding: a welcome announces the first prompt as the schedule now holds it.
    await this.welcomes.queueDue();
    const prompts = { sent: 0, skipped: 0, ended: 0 };
    for (;;) {
      const { claimed, deliveries, skipped, ended } = await this.transactor.run((tx) =>
        this.promptBatch(tx, now),
      );
      await this.outbox.enqueue(deliveries);
      prompts.sent += deliveries.length;
      prompts.skipped += skipped;
      prompts.ended += ended;
      if (claimed < BATCH) break;
    }
    // Planned end dates: after the prompts, so a pair ending today still gets today's prompt.
    const ending = await this.transactor.run((tx) => this.plannedEnd.queueDue(tx, now));
    await this.outbox.enqueue(ending.deliveries);
    for (const id of ending.endedPaused) await this.pausedMail.releaseFor(id);
    // After both: a letter that fell due during its author's pause goes at the first tick after it.
    await this.outbox.enqueue(await this.transactor.run((tx) => this.letters.releaseHeld(tx, now)));
    const digests = await this.digests.fanOut(now);
    const enrolmentReminders = await this.enrolmentReminders.run(now);
    const roomCallReminders = await this.roomCalls.remindDue(now);
    const nudges = await this.nudger.run(now);
    const staffDigests = await this.staffDigests.run(now);
    if (seeded + prompts.sent + prompts.skipped + digests.queued > 0) {
      this.logger.log(
        { seeded, prompts: prompts.sent, skipped: prompts.skipped, digests: digests.queued },
        `tick: ${seeded} seeded, ${prompts.sent} prompts, ${prompts.skipped} skipped, ${digests.queued} digests`,
      );
    }
    return {
      seeded,
      prompts,
      digests,
      enrolmentReminders,
      roomCallReminders,
      nudges,
      staffDigests,
      screeningLapsed,
    };
  }

  /** Members of active pairings without a schedule get one, from their next local send time. */
  async seed(now: Date): Promise<number> {
    let seeded = 0;
    const { DIGEST_WEEKDAY, DIGEST_HOUR } = this.config.env;
    for (const stream of ['prompt', 'digest'] as const) {
      const missing = await this.schedules.findUnscheduled(stream, SEED_BATCH);
      // Pairs first: a circle's first prompt must not take the slot of its member's pair.
      missing.sort((a, b) => Number(a.pairingKind !== 'pair') - Number(b.pairingKind !== 'pair'));
      const taken =
        stream === 'prompt'
          ? await this.schedules.promptTimes(missing.map((m) => m.participantId))
          : new Map();
      const rows: Partial<Schedule>[] = [];
      for (const m of missing) {
        const zone = isValidZone(m.timeZone) ? m.timeZone : 'UTC';
        if (stream === 'digest') {
          const at = nextLocalSendTime(zone, DIGEST_WEEKDAY, DIGEST_HOUR, now);
          rows.push({ participantId: m.participantId, pairingId: m.pairingId, stream, nextRunAt: at });
          continue;
        }
        const cadence = this.cadence({ ...m, timeZone: zone });
        const slot = firstSlot(cadence, now);
        const times = taken.get(m.participantId) ?? new Set<number>();
        let at = slot?.at ?? null;
        // The welcome names this time: a circle's first prompt that would share a slot with
        // another of the person's first prompts starts a day later (as the tick would make it wait).
        for (let i = 0; at && m.pairingKind !== 'pair' && times.has(at.getTime()) && i < 7; i++)
          at = localInstant(zone, addDays(localDateOf(at, zone), 1), cadence.hour);
        if (at) times.add(at.getTime());
        taken.set(m.participantId, times);
        rows.push({
          participantId: m.participantId,
          pairingId: m.pairingId,
          stream,
          nextRunAt: at,
          week: slot?.week ?? 1,
          item: slot?.item ?? 0,
          weekStart: slot?.weekStart ?? null,
        });
      }
      await this.schedules.insertMany(rows);
      seeded += rows.length;
    }
    return seeded;
  }

  private async promptBatch(tx: EntityManager, now: Date) {
    const rows = await this.schedules.claimDuePrompts(tx, now, BATCH);
    // A fixed order for the per-step advisory locks, so two workers never wait on each other in a
    // cycle; pairs first, so a person's circle row in the same batch sees their pair's prompt sent.
    rows.sort(
      (a, b) =>
        Number(a.pairingKind !== 'pair') - Number(b.pairingKind !== 'pair') ||
        a.pairingId.localeCompare(b.pairingId) ||
        a.week - b.week ||
        a.item - b.item,
    );
    const deliveries: Delivery[] = [];
    let skipped = 0;
    let ended = 0;
    for (const row of rows) {
      const result = await this.handle(tx, row, now);
      deliveries.push(...result.deliveries);
      skipped += result.skipped;
      if (result.ended) ended++;
    }
    return { claimed: rows.length, deliveries, skipped, ended };
  }

  private async handle(tx: EntityManager, row: ClaimedRow, now: Date) {
    const none = { deliveries: [] as Delivery[], skipped: 0, ended: false };
    const gone = !row.isMember || row.pairingStatus === null || row.pairingStatus === 'ended';
    if (row.promptsStoppedAt || gone) {
      await this.schedules.update(row.id, { nextRunAt: null }, tx);
      return { ...none, ended: true };
    }
    const cadence = this.cadence(row);
    const stored = row.weekStart
      ? slotAt(cadence, row.week, row.item, row.weekStart)
      : firstSlot(cadence, now);
    if (!stored) {
      await this.schedules.update(row.id, { nextRunAt: null }, tx);
      return { ...none, ended: true };
    }
    // The stored time is what was promised; the plan only decides what to do with it now.
    const due: Slot =
      row.weekStart && stored.week === row.week && stored.item === row.item
        ? { ...stored, at: row.nextRunAt }
        : stored;
    const plan = planDue(cadence, due, now, this.config.env.SCHEDULE_MAX_LATE_MS);
    const to = {
      participantId: row.participantId,
      pairingId: row.pairingId,
      email: row.email,
      pausedUntil: row.pausedUntil,
    };
    for (const s of plan.skipped) await this.issuer.recordSkip(tx, to, s.slot, s.reason);
    let deliveries: Delivery[] = [];
    let skipped = plan.skipped.length;
    if (plan.send) {
      const paused = row.pausedUntil && row.pausedUntil > now ? 'paused' : null;
      const pairingPaused = row.pairingStatus !== 'active' ? `pairing_${row.pairingStatus}` : null;
      const promptKey = promptKeyOf(cadence.curriculum, plan.send);
      // Counted from the item's own time, never from a held or woken send time.
      const slotAt = sameStep(plan.send, stored) ? stored.at : plan.send.at;
      // #swap asked for this very step: the member's own alternative, which waits for nobody.
      const swapKey = row.swapKey && sameStep(plan.send, stored) ? row.swapKey : null;
      const heldUntil =
        paused || pairingPaused || !promptKey || swapKey
          ? null
          : await this.gate.heldUntil(tx, cadence.curriculum, row, plan.send, slotAt, now);
      if (heldUntil) {
        const { week, item, weekStart } = plan.send;
        await this.schedules.update(
          row.id,
          { nextRunAt: heldUntil, week, item, weekStart, waitingForMentor: true, swapKey: row.swapKey },
          tx,
        );
        return { deliveries, skipped, ended: false };
      }
      if (!paused && !pairingPaused && promptKey && row.pairingKind !== 'pair') {
        const waitUntil = await this.slotWait(tx, row, cadence, now);
        if (waitUntil) {
          const { week, item, weekStart } = plan.send;
          await this.schedules.update(
            row.id,
            { nextRunAt: waitUntil, week, item, weekStart, swapKey: row.swapKey },
            tx,
          );
          return { deliveries, skipped, ended: false };
        }
      }
      if (paused || pairingPaused || !promptKey) {
        await this.issuer.recordSkip(tx, to, plan.send, paused ?? pairingPaused ?? 'no_prompt');
        skipped++;
        // A letter is its author's own words, due this week whatever happens to the prompt: their
        // own pause holds it until the pause ends (releaseHeld), nothing else keeps it back.
        deliveries.push(...(await this.letters.queueDue(tx, to, plan.send.week, cadence.curriculum, now)));
      } else if (swapKey) {
        deliveries = await this.issuer.issueSwap(tx, to, plan.send, swapKey, now);
        deliveries.push(...(await this.letters.queueDue(tx, to, plan.send.week, cadence.curriculum, now)));
      } else {
        deliveries = await this.issuer.issue(tx, to, plan.send, promptKey, now);
        deliveries.push(...(await this.letters.queueDue(tx, to, plan.send.week, cadence.curriculum, now)));
        deliveries.push(...(await this.endings.queueDue(tx, to, cadence, plan.send, plan.next)));
      }
    }
    const sent = deliveries.some((d) => d.kind === 'prompt') ? { lastSentAt: now } : {};
    await this.schedules.update(
      row.id,
      plan.next
        ? {
            nextRunAt: plan.next.at,
            week: plan.next.week,
            item: plan.next.item,
            weekStart: plan.next.weekStart,
            waitingForMentor: false,
            swapKey: null,
            ...sent,
          }
        : { nextRunAt: null, waitingForMentor: false, swapKey: null, ...sent },
      tx,
    );
    return { deliveries, skipped, ended: !plan.next };
  }

  /**
   * One prompt email per person per slot: a circle's prompt to someone whose slot another of
   * their pairings has (their pair's prompt went out or is due now, or another circle's went
   * out) waits for the programme's hour the next day in their zone, and is checked again then.
   */
  private async slotWait(
    tx: EntityManager,
    row: ClaimedRow,
    cadence: Cadence,
    now: Date,
  ): Promise<Date | null> {
    if (!(await this.schedules.slotTaken(tx, row, now, SLOT_WINDOW_MS))) return null;
    return localInstant(cadence.zone, addDays(localDateOf(now, cadence.zone), 1), cadence.hour);
  }

  private cadence(row: {
    timeZone: string;
    sendWeekday: number;
    sendHour: number;
    curriculumKey: string;
    pairingKind: string;
  }): Cadence {
    return {
      zone: isValidZone(row.timeZone) ? row.timeZone : 'UTC',
      weekday: row.sendWeekday,
      hour: row.sendHour,
      curriculum: curriculumOf(row.pairingKind, row.curriculumKey),
    };
  }
}

function sameStep(a: Slot, b: Slot): boolean {
  return a.week === b.week && a.item === b.item;
}
