import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Outcome } from '../inbound/inbound.repository';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { Participant } from '../programs/entities/participant.entity';
import type { Programme } from '../programs/entities/programme.entity';
import type { DeskAsk } from './entities/desk-ask.entity';

/** What reached the programme's desk: the new text of the email (quotes removed), in the caller's transaction. */
interface DeskMail {
  tx: EntityManager;
  inboundEmailId: string;
  programme: Programme;
  /** The reply's new text, as extracted for relaying (quotes and signatures removed). */
  text: string;
  subject: string | null;
  /** The Message-ID of the email, when it had one. */
  messageId: string | null;
}

/** A reply to a person's desk address, from that person (DeskCheck checked the sender). */
export interface DeskReply extends DeskMail {
  participant: Participant;
  /** The question it answers (the email it cites, else the newest still open), or null. */
  ask: DeskAsk | null;
}

/** An email to a programme's join address, from anyone. */
export interface JoinRequest extends DeskMail {
  fromAddress: string;
  fromName: string | null;
}

/** The email's recorded state, and the emails to send for it (queued after the commit). */
export interface DeskResult {
  outcome: Outcome;
  deliveries?: Pick<Delivery, 'id' | 'kind'>[];
}

export interface DeskHandler {
  /** The ask kind it answers (see DeskService.ask). */
  readonly kind: string;
  /** Commands (`#profile`) it takes from the first word of a reply, whatever ask is open. */
  readonly commands?: readonly string[];
  answer(reply: DeskReply): Promise<DeskResult>;
}

export interface JoinHandler {
  join(request: JoinRequest): Promise<DeskResult>;
}

/** The first word of the reply when it is a `#command`, lower-cased. */
export function deskCommand(text: string): string | null {
  const match = /^\s*(#[a-z][a-z-]*)\b/i.exec(text);
  return match ? match[1].toLowerCase() : null;
}

/**
 * Features register what they ask by email (enrolment, choice of mentor, surveys) from their own
 * modules, as reply hooks do; the inbound pipeline hands each desk email to the one it concerns.
 */
@Injectable()
export class DeskRegistry {
  private readonly handlers = new Map<string, DeskHandler>();
  private joinHandler: JoinHandler | null = null;
  private fallbackHandler: DeskHandler | null = null;

  register(handler: DeskHandler): void {
    if (this.handlers.has(handler.kind)) throw new Error(`two desk handlers for ${handler.kind}`);
    this.handlers.set(handler.kind, handler);
  }

  /** Who answers a reply when nothing is waiting for one (it may say what the person can do). */
  registerFallback(handler: DeskHandler): void {
    this.fallbackHandler = handler;
  }

  registerJoin(handler: JoinHandler): void {
    this.joinHandler = handler;
  }

  async answer(reply: DeskReply): Promise<DeskResult> {
    const command = deskCommand(reply.text);
    const byCommand = command
      ? [...this.handlers.values()].find((h) => h.commands?.includes(command))
      : undefined;
    const handler =
      byCommand ?? (reply.ask ? this.handlers.get(reply.ask.kind) : undefined) ?? this.fallbackHandler;
    if (handler) return handler.answer(reply);
    return {
      outcome: {
        status: 'rejected',
        reason: 'desk_no_question',
        detail: reply.ask ? `nothing answers a ${reply.ask.kind}` : 'no question is waiting for an answer',
      },
    };
  }

  async join(request: JoinRequest): Promise<DeskResult> {
    if (this.joinHandler) return this.joinHandler.join(request);
    return {
      outcome: { status: 'rejected', reason: 'unknown_recipient', detail: 'joining by email is not set up' },
    };
  }
}
