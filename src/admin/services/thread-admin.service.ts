import { Injectable } from '@nestjs/common';
import sanitizeHtml from 'sanitize-html';
import type { Thread } from '../../conversations/entities/thread.entity';
import { AdminNotFound } from '../admin.errors';
import { ThreadReadRepository, type ThreadMessageRow } from '../repositories/thread-read.repository';

export interface ThreadViewModel {
  thread: Thread;
  messages: (ThreadMessageRow & { safeHtml: string | null })[];
}

/**
 * Inbound HTML keeps its formatting but loses everything active: no scripts, handlers, forms,
 * styles or remote images (cid/data images only). The page also renders it in a sandboxed
 * iframe under a no-script CSP, so a sanitizer miss still cannot run.
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: sanitizeHtml.defaults.allowedTags.concat(['img']),
  allowedAttributes: {
    a: ['href', 'title'],
    img: ['src', 'alt', 'width', 'height'],
    td: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data', 'cid'] },
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer', target: '_blank' }) },
};

export function sanitizeInboundHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

@Injectable()
export class ThreadAdminService {
  constructor(private readonly threads: ThreadReadRepository) {}

  /** The conversation, recorded as read by this staff member. */
  async read(threadId: string, staffId: string): Promise<ThreadViewModel> {
    const thread = await this.threads.findThread(threadId);
    if (!thread) throw new AdminNotFound('thread');
    const [messages] = await Promise.all([
      this.threads.messages(threadId),
      this.threads.recordView(staffId, thread),
    ]);
    return {
      thread,
      messages: messages.map((m) => ({ ...m, safeHtml: m.html ? sanitizeInboundHtml(m.html) : null })),
    };
  }
}
