import type { OutgoingMail } from './mime';
import type { Delivery, DeliveryKind } from './entities/delivery.entity';

export interface ComposedEmail {
  mail: OutgoingMail;
  /** Envelope sender. */
  envelopeFrom: string;
  templateName?: string;
  templateHash?: string;
}

/**
 * Builds the email for one kind of delivery at send time, from ids in the row. Returns a
 * `skip` reason when the thing to send no longer makes sense (row gone, pairing ended).
 */
export interface DeliveryComposer {
  readonly kind: DeliveryKind;
  compose(delivery: Delivery): Promise<ComposedEmail | { skip: string }>;
}

export const DELIVERY_COMPOSERS = Symbol('DELIVERY_COMPOSERS');
