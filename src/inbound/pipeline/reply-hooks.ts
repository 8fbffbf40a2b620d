import { Injectable } from '@nestjs/common';
import type { Delivery } from '../../outbound/entities/delivery.entity';
import type { Outcome } from '../inbound.repository';
import type { InboundContext } from './inbound-context';

/**
 * What a feature may do with an accepted reply before it is relayed (email commands, poll
 * votes, letters kept for later): end it with its own outcome (not relayed), or change the text
 * that is relayed. Deliveries it writes in the transaction are queued after the commit.
 */
export interface ReplyHookResult {
  outcome?: Outcome;
  newText?: string;
  deliveries?: Delivery[];
}

export interface ReplyHook {
  readonly name: string;
  handle(ctx: InboundContext): Promise<ReplyHookResult | null>;
}

/** Features register hooks from their own modules; the pipeline runs them in registration order. */
@Injectable()
export class ReplyHookRegistry {
  private readonly hooks: ReplyHook[] = [];

  register(hook: ReplyHook): void {
    this.hooks.push(hook);
  }

  all(): readonly ReplyHook[] {
    return this.hooks;
  }
}
