import type { EntityManager } from 'typeorm';
import type { CitedContext } from '../../conversations/conversations.service';
import type { Participant } from '../../programs/entities/participant.entity';
import type { Programme } from '../../programs/entities/programme.entity';
import type { PairingWithMembers } from '../../programs/programs.repository';
import type { InboundEmail, InboundReason } from '../entities/inbound-email.entity';
import {
  filterAttachments,
  type AttachmentDecision,
  type AttachmentLimits,
  type AuthVerdicts,
} from '../checks';
import type { ExtractedReply } from '../extraction';
import type { Outcome } from '../inbound.repository';
import type { MalformedProblem, ParsedInbound } from '../parsing/parse-inbound';
import type { UnreadableHeaders } from '../parsing/unreadable';

/** What the checks learn about one inbound email as they run, in order. */
export interface InboundContext {
  tx: EntityManager;
  row: InboundEmail;
  /** The pairing of the recipient (relay) address, read with the row; RecipientCheck decides on it. */
  recipientPairing: PairingWithMembers | null;
  parsed?: ParsedInbound;
  found?: PairingWithMembers;
  author?: Participant;
  /** What the reply cites (thread, our quoted texts, the prompt for the hooks), read before ExtractCheck. */
  cited?: CitedContext;
  extracted?: ExtractedReply;
  auth?: AuthVerdicts;
  /** Which attachments are relayed and which dropped (and why), decided once per email. */
  attachments?: AttachmentDecision;
  /** Set by the `unrelayable` checks, for the notice: how big the email is and what we can send. */
  unrelayable?: { sizeText: string; limitText: string };
  /** Set by MalformedCheck: what was wrong, and what could still be read, for the sender's notice. */
  unreadable?: Omit<UnreadableHeaders, 'fromAddresses'> & {
    problem: MalformedProblem;
    /** The pairing's member who sent it (unreadableSender), or null. */
    sender: Participant | null;
  };
  /** Set before a decided email's notice: a reply hook (a command, a vote, a letter) would take it. */
  forUs?: boolean;
  /** Set by DeskCheck: mail to a join address or a person's desk, with its new text, for the desk's handlers. */
  desk?:
    | { kind: 'join'; programme: Programme; text: string }
    | { kind: 'desk'; programme: Programme; participant: Participant; text: string };
}

/** One step of intake: an outcome ends processing with that recorded state; null goes on. */
export interface InboundCheck {
  readonly name: string;
  /** Set on a check that reads `ctx.cited`: the pipeline looks that up for a whole batch first. */
  readonly needsCited?: boolean;
  run(ctx: InboundContext): Promise<Outcome | null> | Outcome | null;
}

export const rejected = (reason: InboundReason, detail?: string): Outcome => ({
  status: 'rejected',
  reason,
  detail,
});
export const ignored = (reason: InboundReason, detail?: string): Outcome => ({
  status: 'ignored',
  reason,
  detail,
});
export const held = (reason: InboundReason, detail?: string): Outcome => ({ status: 'held', reason, detail });

/**
 * Staff released this email from a hold for `reason`. Every release is kept, so an email held
 * once by the loop breaker and once for authentication does not go back and forth between them.
 */
export function releasedFrom(row: InboundEmail, reason: InboundReason): boolean {
  const holds = (row.transportMeta as { releasedHolds?: unknown } | null)?.releasedHolds;
  return Array.isArray(holds) && holds.includes(reason);
}

/**
 * Which attachments are relayed and which dropped, decided once per email by whichever step asks
 * first (the relayed-size check, the batch split, the draft): the decision reads file contents.
 */
export function decideAttachments(ctx: InboundContext, limits: AttachmentLimits): AttachmentDecision {
  ctx.attachments ??= filterAttachments(ctx.parsed!.attachments, limits);
  return ctx.attachments;
}
