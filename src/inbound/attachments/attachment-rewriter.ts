import { Injectable } from '@nestjs/common';
import type { Attachment } from 'mailparser';
import { AppConfig } from '../../config/app-config';
import { maskAddresses } from '../../outbound/mime/mask-addresses';
import { isOffloadFailure, OffloadService } from '../../offload/offload.service';
import { handlingOf } from '../checks/attachments-policy';
import { rewriteForwardedEmail } from './forwarded-email';
import { extensionOf, mimeTypeOf } from './attachment-types';
import { attachmentText, contentTypeParam } from './text-content';

/** An attachment as it may be relayed: content made safe, name still as the author wrote it. */
export interface RelayableAttachment {
  filename?: string;
  contentType: string;
  content: Buffer;
  /** The author's Content-ID, kept for staff views; the relay sends ids of its own. */
  contentId?: string;
}

// HTML by its type, or by a name a browser opens as HTML whatever the type says.
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const HTML_EXTENSIONS = new Set(['html', 'htm', 'xhtml', 'xht', 'shtml']);

/**
 * Makes each kept attachment safe to relay, by the handling the policy chose (attachments-policy):
 * text is masked like a body and sent as UTF-8, a calendar's people become the relay address, an
 * attached email is rebuilt from its masked headers and text, an allowed binary file goes as is.
 * HTML text is masked as the relayed body's HTML is (maskedHtml), as a browser would show it:
 * masked as a flat string, "<span>ann</span>@example.org" kept its address.
 */
@Injectable()
export class AttachmentRewriter {
  constructor(
    private readonly config: AppConfig,
    private readonly offload: OffloadService,
  ) {}

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
        if (isHtml(attachment)) return { ...base, ...(await this.maskedHtmlFile(attachment)) };
        return {
          ...base,
          contentType: `${mimeTypeOf(attachment)}; charset=utf-8`,
          content: Buffer.from(maskAddresses(attachmentText(attachment), { ourDomain }), 'utf8'),
        };
      case 'calendar': {
        const method = contentTypeParam(attachment, 'method');
        // Off the event loop: an HTML description of 250,000 characters took half a second.
        const text = await this.offload.run('rewriteCalendar', {
          text: attachmentText(attachment),
          options: { relayAddress, ourDomain, uidKey: this.config.env.APP_SECRET },
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

  /**
   * Sanitised and masked off the event loop (a 5 MB page takes over a second), by the task that
   * prepares a relayed copy's HTML; with no Content-IDs, it keeps no image. A whole document
   * again, UTF-8 declared, for a browser opening the saved file; XHTML becomes HTML, as written.
   */
  private async maskedHtmlFile(attachment: Attachment): Promise<Omit<RelayableAttachment, 'contentId'>> {
    const ourDomain = this.config.env.RELAY_DOMAIN;
    const text = attachmentText(attachment);
    try {
      const { html } = await this.offload.run('relayedHtml', {
        stored: text,
        cids: new Map(),
        mask: { ourDomain },
      });
      const document = `<!doctype html><html><head><meta charset="utf-8"></head><body>${html}</body></html>`;
      return {
        filename: attachment.filename?.replace(/\.(xhtml|xht)$/i, '.html'),
        contentType: 'text/html; charset=utf-8',
        content: Buffer.from(document, 'utf8'),
      };
    } catch (error) {
      if (isOffloadFailure(error)) throw error;
      // A tree too deep to serialise again (thousands of nested elements): its words go as plain
      // text without the tags, which is then exactly what the reader sees, masked as such.
      return {
        filename: `${attachment.filename ?? 'page.html'}.txt`,
        contentType: 'text/plain; charset=utf-8',
        content: Buffer.from(maskAddresses(text.replace(/<[^<>]*>/g, ''), { ourDomain }), 'utf8'),
      };
    }
  }
}

function isHtml(attachment: Attachment): boolean {
  return HTML_TYPES.has(mimeTypeOf(attachment)) || HTML_EXTENSIONS.has(extensionOf(attachment.filename));
}
