import { Inject, Injectable } from '@nestjs/common';
import type { InboundContext } from '../../inbound/pipeline/inbound-context';
import type { ReplyHook, ReplyHookResult } from '../../inbound/pipeline/reply-hooks';
import { CLOCK, type Clock } from '../clock';
import { curriculumOf } from '../curricula';
import { ScheduleRepository } from '../schedule/schedule.repository';
import { itemOf, keepsAnswer } from './kept-answers';
import { PromptAnswersRepository } from './prompt-answers.repository';

/**
 * Keeps the answers a later prompt builds on: the mentor's reply to a mentor-first step (the
 * mentee's part quotes it, and goes out as soon as it is here). The reply is still relayed as
 * usual: this hook only keeps a copy and wakes the mentee's held schedule.
 */
@Injectable()
export class AnswerHook implements ReplyHook {
  readonly name = 'kept-answers';

  constructor(
    private readonly answers: PromptAnswersRepository,
    private readonly schedules: ScheduleRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  wants(ctx: InboundContext): boolean {
    return this.kept(ctx) !== null;
  }

  async handle(ctx: InboundContext): Promise<ReplyHookResult | null> {
    const kept = this.kept(ctx);
    if (!kept) return null;
    const { issued, item } = kept;
    const text = ctx.extracted!.reply.trim();
    // A vacation notice is not an answer; an empty reply neither. Both go on as usual.
    const auto = ctx.parsed!.autoSubmitted;
    if (!text || (auto && auto.toLowerCase() !== 'no')) return null;
    const now = this.clock.now();
    await this.answers.upsert(
      { pairingPromptId: issued.id, participantId: ctx.author!.id, text, answeredAt: now },
      ctx.tx,
    );
    if (item.mentorFirst && ctx.author!.role === 'mentor')
      await this.schedules.wakeHeld(ctx.found!.pairing.id, issued, ctx.author!.id, now, ctx.tx);
    return null;
  }

  private kept(ctx: InboundContext) {
    const { extracted, author, found, parsed, cited } = ctx;
    const issued = cited?.prompt;
    if (!extracted || !author || !found || !parsed || !issued) return null;
    const item = itemOf(curriculumOf(found.pairing.kind, found.programme.curriculumKey), issued);
    return item && keepsAnswer(item, author.role) ? { issued, item } : null;
  }
}
