import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CitedPrompt } from '../../conversations/conversations.repository';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import type { Participant } from '../../programs/entities/participant.entity';
import type { PairingWithMembers } from '../../programs/programs.repository';
import { curriculumOf } from '../curricula';
import { findPrompt } from '../library/prompt-library';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import { promptKeyOf } from '../schedule/prompt-plan';
import { PromptIssuer } from '../schedule/prompt-issuer';
import { ScheduleRepository } from '../schedule/schedule.repository';
import { itemOf } from '../sequencing/kept-answers';
import { swapAlternative } from './swap-choice';

/** What #swap did, for the confirmation (one vocabulary with the template). */
export type SwapOutcome = 'sent-now' | 'next' | 'already' | 'no-alternative' | 'nothing-left';

export interface SwapEffect {
  swapOutcome: SwapOutcome;
  swapFromTitle?: string;
  swapToTitle?: string;
  /** 'next': when the swapped prompt arrives (ISO). */
  swapAt?: string;
}

const titleOf = (key: string | null | undefined) => (key ? (findPrompt(key)?.title ?? key) : undefined);

/**
 * #swap replaces one member's prompt with an alternative from the week's swap list: in reply to
 * a prompt, that prompt (the alternative is sent now); on its own, the member's next prompt (the
 * tick sends the alternative in its place). The partner's prompts never change.
 */
@Injectable()
export class SwapService {
  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly prompts: PairingPromptsRepository,
    private readonly issuer: PromptIssuer,
  ) {}

  async swap(
    tx: EntityManager,
    author: Participant,
    found: PairingWithMembers,
    cited: CitedPrompt | null,
    now: Date,
  ): Promise<{ effect: SwapEffect; deliveries: Delivery[] }> {
    const curriculum = curriculumOf(found.pairing.kind, found.programme.curriculumKey);
    const step = cited && itemOf(curriculum, cited) ? curriculum.steps[cited.week - 1] : null;
    // Not yet sent to this member (their part still waits): that is their next prompt.
    const row = cited && step ? await this.schedules.find(author.id, 'prompt', found.pairing.id, tx) : null;
    const pending = row?.nextRunAt && row.week === cited!.week && row.item === cited!.item;
    if (cited && step && !pending) {
      const from = { swapFromTitle: titleOf(cited.promptKey) };
      const to = { participantId: author.id, pairingId: found.pairing.id, email: author.email };
      const already = await this.prompts.findStep(found.pairing.id, cited.week, cited.item, tx, author.id);
      if (already) return this.done({ swapOutcome: 'already', ...from, swapToTitle: already.title });
      const had = await this.prompts.swapKeysOf(found.pairing.id, author.id, tx);
      const key = swapAlternative(step, author.role, cited.promptKey, had);
      if (!key) return this.done({ swapOutcome: 'no-alternative', ...from });
      const deliveries = await this.issuer.issueSwap(tx, to, cited, key, now);
      return { effect: { swapOutcome: 'sent-now', ...from, swapToTitle: titleOf(key) }, deliveries };
    }
    return this.done(await this.swapNext(tx, author, found));
  }

  private async swapNext(
    tx: EntityManager,
    author: Participant,
    found: PairingWithMembers,
  ): Promise<SwapEffect> {
    const row = await this.schedules.lockPrompt(author.id, found.pairing.id, tx);
    if (!row?.nextRunAt) return { swapOutcome: 'nothing-left' };
    const curriculum = curriculumOf(found.pairing.kind, found.programme.curriculumKey);
    const current = promptKeyOf(curriculum, row);
    const from = { swapFromTitle: titleOf(current) };
    if (row.swapKey) return { swapOutcome: 'already', ...from, swapToTitle: titleOf(row.swapKey) };
    const step = curriculum.steps[row.week - 1];
    const had = await this.prompts.swapKeysOf(found.pairing.id, author.id, tx);
    const key = step ? swapAlternative(step, author.role, current, had) : null;
    if (!key) return { swapOutcome: 'no-alternative', ...from };
    await this.schedules.update(row.id, { nextRunAt: row.nextRunAt, swapKey: key }, tx);
    return { swapOutcome: 'next', ...from, swapToTitle: titleOf(key), swapAt: row.nextRunAt.toISOString() };
  }

  private done(effect: SwapEffect) {
    return { effect, deliveries: [] as Delivery[] };
  }
}
