import { Injectable } from '@nestjs/common';
import { nameOthersSee } from '../programs/participant-names';
import type { EntityManager } from 'typeorm';
import type { NoticePayload } from '../notices/notice.composer';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { OutboxService } from '../outbound/outbox.service';
import type { Participant } from '../programs/entities/participant.entity';
import type { PairingWithMembers } from '../programs/programs.repository';
import { participantProps } from '../prompts/participant-props';
import type { ParticipantProps } from '../rendering/template-props';
import type { TemplateInput } from '../rendering/template-catalog';
import { UnsubscribeLinks } from '../unsubscribe/unsubscribe-links';
import { formatDay } from './format-day';

/** Said the same way as the other notices that point people to staff. */
const STAFF_CONTACT = 'your programme coordinator';

/**
 * The closing emails each member gets on their own, from the pair's relay address (a reply there
 * reaches the pair while it is open, and gets the ended notice after): the pair ended, the
 * invitation to continue, "two weeks left" before a planned end.
 */
@Injectable()
export class ClosingNotices {
  constructor(
    private readonly outbox: OutboxService,
    private readonly links: UnsubscribeLinks,
  ) {}

  ended(tx: EntityManager, found: PairingWithMembers, reason: 'staff' | 'rematch' | 'planned-end') {
    return this.queue(tx, found, `ended:${found.pairing.id}`, 'pairing_ended', (base) => ({
      name: 'notice-pairing-ended',
      props: { ...base, reason, staffContactText: STAFF_CONTACT },
    }));
  }

  continueInvite(tx: EntityManager, found: PairingWithMembers, newEndsOn: string, endsOn: string | null) {
    return this.queue(
      tx,
      found,
      `continue:${found.pairing.id}:${newEndsOn}`,
      'continue_invite',
      (base, me) => ({
        name: 'notice-continue-invite',
        props: {
          ...base,
          newEndsOnText: formatDay(newEndsOn, me.locale),
          endsOnText: endsOn ? formatDay(endsOn, me.locale) : undefined,
        },
      }),
    );
  }

  /**
   * "Two weeks left" before a planned end, once per member and end date (a continued pair hears it
   * again before its new end). The curriculum's own is not sent where a planned end applies.
   */
  twoWeeksLeft(tx: EntityManager, found: PairingWithMembers, endsOn: string, only?: string) {
    return this.queue(
      tx,
      found,
      `planned-end:${found.pairing.id}:${endsOn}:two-weeks-left`,
      'two-weeks-left',
      (base, me) => ({
        name: 'notice-two-weeks-left',
        props: {
          ...base,
          week: 0,
          totalWeeks: 0,
          weeksLeftTitle: 'Two weeks',
          endsOnText: formatDay(endsOn, me.locale),
        },
      }),
      only,
    );
  }

  private queue(
    tx: EntityManager,
    found: PairingWithMembers,
    keyPrefix: string,
    reason: string,
    input: (base: ParticipantProps, me: Participant) => TemplateInput,
    only?: string,
  ): Promise<Delivery[]> {
    const rows = found.members
      .filter((me) => !only || me.id === only)
      .map((me) => {
        const base = participantProps(
          {
            recipient: me,
            partnerNames: found.members.filter((m) => m.id !== me.id).map(nameOthersSee),
            programmeName: found.programme.name,
            relayAddress: found.pairing.relayAddress,
          },
          this.links,
        );
        const payload: NoticePayload = {
          reason,
          input: input(base, me),
          relayAddress: found.pairing.relayAddress,
        };
        return {
          dedupeKey: `${keyPrefix}:${me.id}`,
          kind: 'notice' as const,
          pairingId: found.pairing.id,
          recipientId: me.id,
          toAddress: me.email,
          payload: payload as never,
        };
      });
    return this.outbox.queueMany(tx, rows);
  }
}
