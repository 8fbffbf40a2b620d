import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ClosingRepository } from '../../closing/closing.repository';
import type { CitedPrompt } from '../../conversations/conversations.repository';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import type { Participant } from '../../programs/entities/participant.entity';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import { CLOCK, type Clock } from '../clock';
import { curriculumOf } from '../curricula';
import { findPrompt } from '../library/prompt-library';
import { PreferencesService } from '../preferences.service';
import { isValidZone } from '../schedule/local-time';
import { following, promptKeyOf, slotAt } from '../schedule/prompt-plan';
import { PromptIssuer } from '../schedule/prompt-issuer';
import { ScheduleRepository } from '../schedule/schedule.repository';
import type { ParsedCommand } from './parse-command';
import { SwapService, type SwapEffect } from './swap.service';

/** What the confirmation says; stored in the delivery so the composer needs no guessing. */
export interface CommandEffect extends Partial<SwapEffect> {
  type: 'command';
  command: ParsedCommand['command'];
  pausedUntil?: string;
  /** #skip: whether a prompt was skipped; 'nothing-left' when none was coming. */
  skipOutcome?: 'skipped' | 'nothing-left';
  skippedTitle?: string;
  nextAt?: string;
  nextTitle?: string;
  /** #continue: see CommandConfirmationProps. */
  continueOutcome?: 'waiting' | 'continued' | 'not-invited';
  continueEndsOn?: string;
}

/** Applies an email command inside the inbound transaction and writes its confirmation. */
@Injectable()
export class CommandService {
  constructor(
    private readonly preferences: PreferencesService,
    private readonly schedules: ScheduleRepository,
    private readonly issuer: PromptIssuer,
    private readonly outbox: OutboxService,
    private readonly swaps: SwapService,
    private readonly closing: ClosingRepository,
    private readonly programs: ProgramsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async apply(
    tx: EntityManager,
    author: Participant,
    found: PairingWithMembers,
    cmd: ParsedCommand,
    inboundEmailId: string,
    cited: CitedPrompt | null = null,
  ): Promise<Delivery[]> {
    const now = this.clock.now();
    const effect: CommandEffect = { type: 'command', command: cmd.command };
    const swapped: Delivery[] = [];
    if (cmd.command === 'pause') {
      effect.pausedUntil = (await this.preferences.pause(author.id, cmd.weeks!, now, tx)).toISOString();
    } else if (cmd.command === 'resume') {
      Object.assign(effect, await this.resumeEffect(author.id, tx));
    } else if (cmd.command === 'stop') {
      await this.preferences.stop(author.id, now, 'command', tx);
    } else if (cmd.command === 'skip') {
      Object.assign(effect, await this.skipNext(tx, author, found));
    } else if (cmd.command === 'swap') {
      const result = await this.swaps.swap(tx, author, found, cited, now);
      Object.assign(effect, result.effect);
      swapped.push(...result.deliveries);
    } else if (cmd.command === 'rematch') {
      // Kept for staff only: the effect (which the confirmation is built from) never holds it.
      await this.closing.insertRematch(
        { pairingId: found.pairing.id, participantId: author.id, inboundEmailId, reason: cmd.reason ?? '', at: now },
        tx,
      );
    } else if (cmd.command === 'continue') {
      Object.assign(effect, await this.continueEffect(tx, author, found, now));
    }
    const confirmation = await this.outbox.queueMany(tx, [
      {
        dedupeKey: `command:${inboundEmailId}`,
        kind: 'prompt',
        pairingId: found.pairing.id,
        recipientId: author.id,
        toAddress: author.email,
        payload: { ...effect },
      },
    ]);
    // The last yes continues the pair: the others, told "we'll email you then", hear it too.
    const others =
      effect.continueOutcome === 'continued'
        ? await this.outbox.queueMany(
            tx,
            found.members
              .filter((m) => m.id !== author.id)
              .map((m) => ({
                dedupeKey: `command:${inboundEmailId}:${m.id}`,
                kind: 'prompt' as const,
                pairingId: found.pairing.id,
                recipientId: m.id,
                toAddress: m.email,
                payload: { ...effect },
              })),
          )
        : [];
    return [...confirmation, ...others, ...swapped];
  }

  /** One member's yes to staff's invitation; the last yes gives the pair its new end date. */
  private async continueEffect(tx: EntityManager, author: Participant, found: PairingWithMembers, now: Date) {
    const answer = await this.closing.answer(found.pairing.id, author.id, now, tx);
    if (answer.outcome === 'not-invited') return { continueOutcome: answer.outcome };
    if (answer.outcome === 'continued') {
      await this.programs.setPairingEndsOn(found.pairing.id, answer.endsOn, tx);
      await this.closing.clearContinuation(found.pairing.id, tx);
    }
    return { continueOutcome: answer.outcome, continueEndsOn: answer.endsOn };
  }

  /** Lifts a pause or a stop; the confirmation names the next prompt when one is scheduled. */
  private async resumeEffect(authorId: string, tx: EntityManager) {
    const next = await this.preferences.resume(authorId, tx);
    return next ? { nextAt: next.at.toISOString(), nextTitle: next.title } : {};
  }

  /** Moves the author's prompt schedule past the next item, recording that item as skipped. */
  private async skipNext(tx: EntityManager, author: Participant, found: PairingWithMembers) {
    const row = await this.schedules.lockPrompt(author.id, found.pairing.id, tx);
    const nothing = { skipOutcome: 'nothing-left' as const };
    if (!row?.nextRunAt || !row.weekStart) return nothing;
    const cadence = {
      zone: isValidZone(author.timeZone) ? author.timeZone : 'UTC',
      weekday: author.sendWeekday ?? found.programme.sendWeekday,
      hour: found.programme.sendHour,
      curriculum: curriculumOf(found.pairing.kind, found.programme.curriculumKey),
    };
    const slot = slotAt(cadence, row.week, row.item, row.weekStart);
    if (!slot) return nothing;
    const skipped = { ...slot, at: row.nextRunAt };
    const next = following(cadence, skipped);
    await this.issuer.recordSkip(
      tx,
      { participantId: author.id, pairingId: found.pairing.id, email: author.email },
      skipped,
      'skipped_by_participant',
    );
    await this.schedules.update(
      row.id,
      // Only this member's cursor moves; a hold or a swap asked for the skipped step goes with it.
      next
        ? {
            nextRunAt: next.at,
            week: next.week,
            item: next.item,
            weekStart: next.weekStart,
            waitingForMentor: false,
            swapKey: null,
          }
        : { nextRunAt: null, waitingForMentor: false, swapKey: null },
      tx,
    );
    const title = (s: { week: number; item: number }) => {
      const key = promptKeyOf(cadence.curriculum, s);
      return key ? (findPrompt(key)?.title ?? key) : undefined;
    };
    return {
      skipOutcome: 'skipped' as const,
      skippedTitle: row.swapKey ? (findPrompt(row.swapKey)?.title ?? row.swapKey) : title(skipped),
      nextAt: next?.at.toISOString(),
      nextTitle: next ? title(next) : undefined,
    };
  }
}
