import { Inject, Injectable } from '@nestjs/common';
import type { InboundContext } from '../../inbound/pipeline/inbound-context';
import type { ReplyHook, ReplyHookResult } from '../../inbound/pipeline/reply-hooks';
import { CLOCK, type Clock } from '../clock';
import { findPrompt } from '../library/prompt-library';
import { LettersRepository } from './letters.repository';

/**
 * A reply in the thread of a `letter` prompt is a letter to the writer's future self: kept,
 * never relayed to the partner, and sent back to its author when the curriculum says so.
 * Registered after the command hook, so "#pause" on the first line still works as a command.
 */
@Injectable()
export class LetterHook implements ReplyHook {
  readonly name = 'letters';

  constructor(
    private readonly letters: LettersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  wants(ctx: InboundContext): boolean {
    return this.letterPrompt(ctx) !== null;
  }

  async handle(ctx: InboundContext): Promise<ReplyHookResult | null> {
    const issued = this.letterPrompt(ctx);
    if (!issued) return null;
    const { extracted, author, found, parsed, tx } = ctx;
    // A vacation notice must not overwrite the letter; it is still private, so it ends here too.
    if (parsed!.autoSubmitted && parsed!.autoSubmitted.toLowerCase() !== 'no')
      return { outcome: { status: 'ignored', reason: 'letter_auto_reply' } };
    const text = extracted!.reply.trim();
    if (!text) return { outcome: { status: 'accepted', reason: 'letter_empty' } };
    await this.letters.upsert(
      {
        participantId: author!.id,
        pairingId: found!.pairing.id,
        pairingPromptId: issued.id,
        text,
        writtenAt: this.clock.now(),
      },
      tx,
    );
    return { outcome: { status: 'accepted', reason: 'letter_kept', detail: `week ${issued.week}` } };
  }

  /** The letter prompt this reply answers, or null. */
  private letterPrompt(ctx: InboundContext) {
    const { extracted, author, found, parsed, cited } = ctx;
    if (!extracted || !author || !found || !parsed || !cited) return null;
    // The prompt of a cited thread came with the pipeline's own lookup (no query of its own).
    const issued = cited.prompt;
    return issued && findPrompt(issued.promptKey)?.kind === 'letter' ? issued : null;
  }
}
