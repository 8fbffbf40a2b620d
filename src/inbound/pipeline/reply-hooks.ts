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
  /**
   * Whether `handle` would act on this reply, decided without a query or a write. Replies no hook
   * wants are recorded in batches; the others go through `handle` in a transaction of their own.
   */
  wants(ctx: InboundContext): boolean;
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
