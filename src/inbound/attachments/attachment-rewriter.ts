import { Injectable } from '@nestjs/common';
import type { Attachment } from 'mailparser';
import { AppConfig } from '../../config/app-config';
import { maskAddresses } from '../../outbound/mime/mask-addresses';
import { handlingOf } from '../checks/attachments-policy';
import { rewriteCalendar } from './calendar';
import { rewriteForwardedEmail } from './forwarded-email';
import { mimeTypeOf } from './attachment-types';
import { attachmentText, contentTypeParam } from './text-content';

/** An attachment as it may be relayed: content made safe, name still as the author wrote it. */
export interface RelayableAttachment {
  filename?: string;
  contentType: string;
  content: Buffer;
  /** The author's Content-ID, kept for staff views; the relay sends ids of its own. */
  contentId?: string;
}

/**
 * Makes each kept attachment safe to relay, by the handling the policy chose (attachments-policy):
 * text is masked like a body and sent as UTF-8, a calendar's people become the relay address, an
 * attached email is rebuilt from its masked headers and text, an allowed binary file goes as is.
 */
@Injectable()
export class AttachmentRewriter {
  constructor(private readonly config: AppConfig) {}

  async rewrite(attachment: Attachment, relayAddress: string): Promise<RelayableAttachment> {
    const ourDomain = this.config.env.RELAY_DOMAIN;
    const base = {
      filename: attachment.filename,
      contentType: mimeTypeOf(attachment),
      content: attachment.content,
      ...(attachment.contentId ? { contentId: attachment.contentId } : {}),
    };
    switch (handlingOf(attachment)) {
      case 'as_is':
        return base;
      case 'mask_text':
        return {
          ...base,
          contentType: `${mimeTypeOf(attachment)}; charset=utf-8`,
          content: Buffer.from(maskAddresses(attachmentText(attachment), { ourDomain }), 'utf8'),
        };
      case 'calendar': {
        const method = contentTypeParam(attachment, 'method');
        const text = rewriteCalendar(attachmentText(attachment), {
          relayAddress,
          ourDomain,
          uidKey: this.config.env.APP_SECRET,
        });
        return {
          ...base,
          filename: attachment.filename ?? 'invite.ics',
          contentType: `text/calendar; charset=utf-8${method ? `; method=${method}` : ''}`,
          content: Buffer.from(text, 'utf8'),
        };
      }
      case 'forwarded_email':
        return {
          ...base,
          filename: attachment.filename ?? 'forwarded-email.eml',
          contentType: 'message/rfc822',
          content: await rewriteForwardedEmail(attachment.content, ourDomain).catch(() =>
            // mailparser reads nearly anything; should it fail, the masked text of the attachment
            // goes instead, so that one odd file never holds up the whole email.
            rewriteForwardedEmail(
              Buffer.from(`\r\n${maskAddresses(attachmentText(attachment), { ourDomain })}`),
              ourDomain,
            ),
          ),
        };
    }
  }
}
