import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { ComposedEmail, DeliveryComposer } from '../outbound/delivery-composer';
import type { Delivery } from '../outbound/entities/delivery.entity';
import { ProgramsRepository } from '../programs/programs.repository';
import { RenderingService } from '../rendering/rendering.service';
import type { TemplateInput } from '../rendering/template-catalog';

export interface NoticePayload {
  reason: string;
  /** The pairing's relay address when the notice concerns one (it is then the sender). */
  relayAddress?: string;
  input: TemplateInput;
  inboundEmailId?: string;
  /** Staff's own emails: replies go to the staff member, and their emails to one person form one thread. */
  replyTo?: string;
  inReplyTo?: string;
  references?: string[];
  /** Files built when the notice was written (a call's .ics), base64: the same bytes for every reader. */
  attachments?: { filename: string; contentType: string; base64: string }[];
}

/**
 * Notices that ask a member to write in their pairing: looked at again when they go, as prompts
 * are, since one can wait in the outbox (a paused account, retries) while the pairing ends or
 * pauses, and "your partner is waiting for you" is then untrue.
 */
const FOR_AN_ACTIVE_PAIRING: ReadonlySet<string> = new Set(['nudge']);

/** Notices and command confirmations: rendered at send time, marked Auto-Submitted: auto-replied. */
@Injectable()
export class NoticeComposer implements DeliveryComposer {
  readonly kind = 'notice' as const;

  constructor(
    private readonly rendering: RenderingService,
    private readonly config: AppConfig,
    private readonly programs: ProgramsRepository,
  ) {}

  async compose(delivery: Delivery): Promise<ComposedEmail | { skip: string }> {
    const payload = delivery.payload as NoticePayload;
    if (FOR_AN_ACTIVE_PAIRING.has(payload.reason) && delivery.pairingId) {
      const status = (await this.programs.findPairing(delivery.pairingId))?.pairing.status ?? 'gone';
      if (status !== 'active') return { skip: `pairing_${status}` };
    }
    const rendered = this.rendering.renderInput(payload.input);
    const from = payload.relayAddress ?? this.config.noticesAddress;
    return {
      templateName: rendered.templateName,
      templateHash: rendered.templateHash,
      mail: {
        from: { name: `${payload.input.props.programmeName} (MentorMail)`, address: from },
        to: delivery.toAddress,
        subject: rendered.subject,
        messageId: delivery.messageId,
        ...(payload.replyTo ? { replyTo: payload.replyTo } : {}),
        ...(payload.inReplyTo ? { inReplyTo: payload.inReplyTo, references: payload.references } : {}),
        text: rendered.text,
        html: rendered.html,
        autoReplied: true,
        loopStamp: this.config.env.RELAY_DOMAIN,
        lang: payload.input.props.lang,
        ...(payload.attachments?.length
          ? {
              attachments: payload.attachments.map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: Buffer.from(a.base64, 'base64'),
              })),
            }
          : {}),
      },
    };
  }
}
