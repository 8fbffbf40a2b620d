import { Message } from '../conversations/entities/message.entity';
import { MessageIdLink } from '../conversations/entities/message-id-link.entity';
import { Thread } from '../conversations/entities/thread.entity';
import { InboundEmail } from '../inbound/entities/inbound-email.entity';
import { Delivery } from '../outbound/entities/delivery.entity';
import { PairingMember } from '../programs/entities/pairing-member.entity';
import { Pairing } from '../programs/entities/pairing.entity';
import { Participant } from '../programs/entities/participant.entity';
import { Programme } from '../programs/entities/programme.entity';

/** Every entity, listed once so the app, the CLI and the migration generator agree. */
export const ENTITIES = [
  Programme,
  Participant,
  Pairing,
  PairingMember,
  Thread,
  Message,
  MessageIdLink,
  InboundEmail,
  Delivery,
];
