import { Inject, Injectable } from '@nestjs/common';
import { Transactor } from '../../database/transactor';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { ProgramsRepository, type PairingWithMembers } from '../../programs/programs.repository';
import { CLOCK, type Clock } from '../clock';
import { curriculumOf } from '../curricula';
import { findPrompt, PROMPT_LIBRARY } from '../library/prompt-library';
import type { Curriculum } from '../library/prompt-types';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import { PromptIssuer } from '../schedule/prompt-issuer';
import type { Slot } from '../schedule/prompt-plan';
import { ScheduleRepository } from '../schedule/schedule.repository';
import { SendNowError } from './send-now.error';

/**
 * Items a pairing is sent outside its curriculum (a library prompt staff send now) are numbered
 * from here within the pairing's current week, one number per library prompt, so the same prompt
 * sent twice in a week is the same step and goes out once.
 */
export const OFF_CURRICULUM_ITEM = 100;

export interface PromptSendNowResult {
  found: PairingWithMembers;
  step: Pick<Slot, 'week' | 'item'>;
  /** New deliveries, one per member; empty when this step was sent to everyone before. */
  deliveries: Delivery[];
}

/**
 * "Send this prompt now" (the CLI's prompt:send, for the demo and for staff): the scheduled path
 * itself (PromptIssuer: one issued prompt, one thread, a copy per member from the relay address),
 * only not waiting for the member's send time. A curriculum prompt is sent as its own step, so the
 * schedule does not send it again later; a step already sent is never sent twice.
 */
@Injectable()
export class PromptSendNowService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly schedules: ScheduleRepository,
    private readonly prompts: PairingPromptsRepository,
    private readonly issuer: PromptIssuer,
    private readonly transactor: Transactor,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async send(relayAddress: string, promptKey: string): Promise<PromptSendNowResult> {
    const found = await this.programs.findByRelayAddress(relayAddress.trim());
    if (!found) throw new SendNowError(`No pairing has the relay address ${relayAddress}.`);
    if (found.pairing.status !== 'active')
      throw new SendNowError(
        found.pairing.status === 'paused'
          ? `The pairing ${found.pairing.relayAddress} is paused: resume it in the admin view first.`
          : `The pairing ${found.pairing.relayAddress} has ended: nothing is sent to it any more.`,
      );
    if (!findPrompt(promptKey))
      throw new SendNowError(
        `No prompt "${promptKey}". Prompt keys: ${PROMPT_LIBRARY.map((p) => p.key).join(', ')}.`,
      );
    const step = await this.stepFor(found, curriculumOf(found.pairing.kind, found.programme.curriculumKey), promptKey);
    const now = this.clock.now();
    const slot: Slot = { ...step, weekStart: '', at: now };
    const deliveries = await this.transactor.run(async (tx) => {
      const written: Delivery[] = [];
      for (const member of found.members) {
        const to = { participantId: member.id, pairingId: found.pairing.id, email: member.email };
        written.push(...(await this.issuer.issue(tx, to, slot, promptKey, now)));
      }
      return written;
    });
    return { found, step, deliveries };
  }

  /** The first place of the prompt in the curriculum not yet issued, else the pairing's week. */
  private async stepFor(found: PairingWithMembers, curriculum: Curriculum, key: string) {
    const places = curriculum.steps.flatMap((s) =>
      s.items.flatMap((item, i) => (item.promptKey === key ? [{ week: s.week, item: i }] : [])),
    );
    for (const place of places)
      if (!(await this.prompts.findStep(found.pairing.id, place.week, place.item))) return place;
    if (places.length > 0) return places[places.length - 1];
    const weeks = await Promise.all(found.members.map((m) => this.schedules.find(m.id, 'prompt', found.pairing.id)));
    const week = Math.max(1, ...weeks.map((s) => s?.week ?? 1));
    return { week, item: OFF_CURRICULUM_ITEM + PROMPT_LIBRARY.findIndex((p) => p.key === key) };
  }
}
