import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NoticePayload } from '../../notices/notice.composer';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import { nameOthersSee } from '../../programs/participant-names';
import { ProgramsRepository } from '../../programs/programs.repository';
import type { TemplateInput } from '../../rendering/template-catalog';
import { UnsubscribeLinks } from '../../unsubscribe/unsubscribe-links';
import type { CurriculumNotice } from '../library/prompt-types';
import { participantProps } from '../participant-props';
import { endingsDue, lastPlanned, weeksLeftTitle } from './curriculum-endings';
import { formatLocal } from './local-time';
import type { Cadence, Slot } from './prompt-plan';
import type { Recipient } from './prompt-issuer';

export const endingDedupeKey = (pairingId: string, notice: CurriculumNotice, participantId: string) =>
  `ending:${pairingId}:${notice}:${participantId}`;

/**
 * The end of a curriculum, said in time: "two weeks left" and the closing email, each once per
 * member, written by the tick in the transaction that sends the member's item (so a paused,
 * stopped or ended member gets neither, as they get no prompt). From the pair's relay address.
 */
@Injectable()
export class CurriculumEndingService {
  constructor(
    private readonly programs: ProgramsRepository,
    private readonly outbox: OutboxService,
    private readonly links: UnsubscribeLinks,
  ) {}

  async queueDue(
    tx: EntityManager,
    to: Recipient,
    cadence: Cadence,
    sent: Slot,
    next: Slot | null,
  ): Promise<Delivery[]> {
    const due = endingsDue(cadence.curriculum, sent, next);
    if (due.length === 0) return [];
    const found = await this.programs.findPairing(to.pairingId, tx);
    const me = found?.members.find((m) => m.id === to.participantId);
    if (!found || !me) return [];
    // A planned end date drives the ending instead (PlannedEndService): its own dated notices.
    if (found.pairing.endsOn ?? found.programme.endsOn) return [];
    const base = participantProps(
      {
        recipient: me,
        partnerNames: found.members.filter((m) => m.id !== me.id).map(nameOthersSee),
        programmeName: found.programme.name,
        relayAddress: found.pairing.relayAddress,
      },
      this.links,
    );
    const { weeks } = cadence.curriculum;
    const input = (notice: CurriculumNotice): TemplateInput =>
      notice === 'two-weeks-left'
        ? {
            name: 'notice-two-weeks-left',
            props: {
              ...base,
              week: sent.week,
              totalWeeks: weeks,
              weeksLeftTitle: weeksLeftTitle(cadence.curriculum, sent.week),
              lastPromptText: formatLocal(lastPlanned(cadence, sent).at, cadence.zone, base.lang),
            },
          }
        : { name: 'notice-curriculum-closing', props: { ...base, totalWeeks: weeks } };
    return this.outbox.queueMany(
      tx,
      due.map((notice) => {
        const payload: NoticePayload = {
          reason: notice,
          input: input(notice),
          relayAddress: found.pairing.relayAddress,
        };
        return {
          dedupeKey: endingDedupeKey(to.pairingId, notice, to.participantId),
          kind: 'notice' as const,
          pairingId: to.pairingId,
          recipientId: to.participantId,
          toAddress: to.email,
          payload: payload as never,
        };
      }),
    );
  }
}
