import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ConversationsService } from '../../conversations/conversations.service';
import type { ReplyHookResult } from '../../inbound/pipeline/reply-hooks';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import { OutboxService } from '../../outbound/outbox.service';
import type { Participant } from '../../programs/entities/participant.entity';
import type { PairingWithMembers } from '../../programs/programs.repository';
import { CLOCK, type Clock } from '../clock';
import { PairingPromptsRepository } from '../pairing-prompts.repository';
import { isValidZone } from '../schedule/local-time';
import { CheckinRepository } from './checkin.repository';
import { parseProposedTimes } from './parse-times';
import { parsePick } from './pick-number';

/** What a `checkin` delivery builds; ids only, read again at send time. */
export type CheckinPayload =
  | { type: 'pick'; checkinId: string; round: number }
  | { type: 'invite'; checkinId: string; picks: number }
  | { type: 'notice'; variant: 'no_times'; unreadable: { line: string; why: string }[] }
  | { type: 'notice'; variant: 'proposed'; checkinId: string; round: number }
  | { type: 'notice'; variant: 'pick_out_of_range' | 'pick_past'; checkinId: string; picked: number };

/** A reply in a video check-in's thread, as the hook hands it over. */
export interface CheckinReply {
  tx: EntityManager;
  inboundId: string;
  pairingPromptId: string;
  found: PairingWithMembers;
  author: Participant;
  text: string;
}

/**
 * One time for both: the mentor proposes times by reply (read in the mentor's zone), each mentee
 * gets them numbered in their own zone and picks one by number, and every member then gets the
 * same calendar invitation. Every email written here is linked into the prompt's thread, so a
 * reply to any of them comes back to this feature.
 */
@Injectable()
export class CheckinService {
  constructor(
    private readonly repo: CheckinRepository,
    private readonly prompts: PairingPromptsRepository,
    private readonly conversations: ConversationsService,
    private readonly outbox: OutboxService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A mentor's reply: its times become the proposal (not relayed; the mentee gets the times and
   * the note). Without a readable time, before any proposal, the text is relayed as usual and
   * the mentor is told how to write times; after a proposal, it is only a message.
   */
  async propose(r: CheckinReply): Promise<ReplyHookResult | null> {
    const zone = isValidZone(r.author.timeZone) ? r.author.timeZone : 'UTC';
    const parsed = parseProposedTimes(r.text, { zone, locale: r.author.locale, now: this.clock.now() });
    if (parsed.times.length === 0) {
      if (await this.repo.findByPromptForUpdate(r.tx, r.pairingPromptId)) return null;
      const notice = { type: 'notice', variant: 'no_times', unreadable: parsed.unreadable } as const;
      return { deliveries: await this.send(r, [{ to: r.author, payload: notice }]) };
    }
    const checkin = await this.repo.propose(r.tx, {
      pairingPromptId: r.pairingPromptId,
      pairingId: r.found.pairing.id,
      proposedBy: r.author.id,
      slots: parsed.times,
      note: parsed.note,
      videoLink: parsed.videoLink,
    });
    const round = checkin.round;
    const mentees = r.found.members.filter((m) => m.role === 'mentee');
    const deliveries = await this.send(r, [
      ...mentees.map((to) => ({ to, payload: { type: 'pick', checkinId: checkin.id, round } as const })),
      { to: r.author, payload: { type: 'notice', variant: 'proposed', checkinId: checkin.id, round } },
    ]);
    const detail = `${parsed.times.length} time(s), round ${round}`;
    return { outcome: { status: 'accepted', reason: 'checkin_proposed', detail }, deliveries };
  }

  /**
   * A mentee's reply whose first line is a number: with a proposal, it picks that time and every
   * member gets the invitation (text after the number is relayed); out of range or past, a
   * notice. Without a proposal it is an ordinary message (null).
   */
  async pick(r: CheckinReply): Promise<ReplyHookResult | null> {
    const pick = parsePick(r.text);
    const checkin = pick && (await this.repo.findByPromptForUpdate(r.tx, r.pairingPromptId));
    if (!pick || !checkin) return null;
    const slot = checkin.slots[pick.n - 1];
    if (!slot || slot.getTime() <= this.clock.now().getTime()) {
      const variant = slot ? 'pick_past' : 'pick_out_of_range';
      const payload = { type: 'notice', variant, checkinId: checkin.id, picked: pick.n } as const;
      const deliveries = await this.send(r, [{ to: r.author, payload }]);
      const outcome = {
        status: 'accepted',
        reason: 'checkin_pick_invalid',
        detail: `${variant} ${pick.n}`,
      } as const;
      return { outcome, deliveries };
    }
    const picked = await this.repo.pick(r.tx, checkin.id, pick.n - 1, r.author.id, this.clock.now());
    const deliveries = await this.send(
      r,
      r.found.members.map((to) => ({
        to,
        payload: { type: 'invite', checkinId: picked.id, picks: picked.picks } as const,
      })),
    );
    if (pick.rest) return { newText: pick.rest, deliveries };
    return {
      outcome: { status: 'accepted', reason: 'checkin_picked', detail: `time ${pick.n}` },
      deliveries,
    };
  }

  /** Queues each email and links it into the prompt's thread, so a reply to it threads there. */
  private async send(
    r: CheckinReply,
    mails: { to: Participant; payload: CheckinPayload }[],
  ): Promise<Delivery[]> {
    const issued = await this.prompts.findById(r.pairingPromptId, r.tx);
    const message = issued && (await this.conversations.findMessage(issued.messageRowId, r.tx));
    const deliveries = await this.outbox.queueMany(
      r.tx,
      mails.map((m) => ({
        dedupeKey: checkinDedupeKey(m.payload, r.inboundId, m.to.id),
        kind: 'checkin',
        pairingId: r.found.pairing.id,
        recipientId: m.to.id,
        toAddress: m.to.email,
        payload: { ...m.payload },
      })),
    );
    if (message) {
      for (const d of deliveries)
        await this.conversations.linkCopy(r.tx, message, d.recipientId!, d.messageId);
    }
    return deliveries;
  }
}

/** One email per proposal round or pick per person; a notice once per inbound email and person. */
function checkinDedupeKey(p: CheckinPayload, inboundId: string, recipientId: string): string {
  if (p.type === 'pick') return `checkin:pick:${p.checkinId}:${p.round}:${recipientId}`;
  if (p.type === 'invite') return `checkin:invite:${p.checkinId}:${p.picks}:${recipientId}`;
  return `checkin:notice:${inboundId}:${recipientId}`;
}
