import { Injectable } from '@nestjs/common';
import type { OutgoingMail } from './mime';
import type { Delivery, DeliveryKind } from './entities/delivery.entity';

export interface ComposedEmail {
  mail: OutgoingMail;
  templateName?: string;
  templateHash?: string;
}

/**
 * Builds the email for one kind of delivery at send time, from ids in the row. Returns a
 * `skip` reason when the thing to send no longer makes sense (row gone, pairing ended, paused).
 */
export interface DeliveryComposer {
  readonly kind: DeliveryKind;
  compose(delivery: Delivery): Promise<ComposedEmail | { skip: string }>;
}

/**
 * Composers register themselves here from their own modules (relay, notices, prompts,
 * digests), so the outbox does not need to know every feature. Start-up fails loudly when a
 * kind is registered twice; a delivery of an unregistered kind fails permanently.
 */
@Injectable()
export class DeliveryComposerRegistry {
  private readonly composers = new Map<DeliveryKind, DeliveryComposer>();

  register(composer: DeliveryComposer): void {
    if (this.composers.has(composer.kind)) throw new Error(`two composers for ${composer.kind}`);
    this.composers.set(composer.kind, composer);
  }

  get(kind: DeliveryKind): DeliveryComposer | undefined {
    return this.composers.get(kind);
  }
}
