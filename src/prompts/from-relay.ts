import type { ComposedEmail } from '../outbound/delivery-composer';
import type { Delivery } from '../outbound/entities/delivery.entity';
import type { OutgoingMail } from '../outbound/mime';
import type { PairingWithMembers } from '../programs/programs.repository';
import type { RenderedEmail } from '../rendering/template-renderer';

/**
 * Everything MentorMail writes to a pairing comes from the pairing's relay address, so a reply
 * lands in the conversation; only the body and the extra headers differ.
 */
export function fromRelay(
  delivery: Delivery,
  found: PairingWithMembers,
  rendered: RenderedEmail,
  extra: Partial<OutgoingMail>,
): ComposedEmail {
  const relay = found.pairing.relayAddress;
  return {
    mail: {
      from: { name: found.programme.name, address: relay },
      replyTo: relay,
      to: delivery.toAddress,
      subject: rendered.subject,
      messageId: delivery.messageId,
      text: rendered.text,
      html: rendered.html,
      ...extra,
    },
    templateName: rendered.templateName,
    templateHash: rendered.templateHash,
  };
}

/** A circle's name as mail shows it (a circle always has one; the programme's name is a fallback). */
export function circleLabel(found: PairingWithMembers): string {
  return found.pairing.name ?? found.programme.name;
}
