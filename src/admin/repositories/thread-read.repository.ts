import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StoredAttachment } from '../../conversations/entities/message.entity';
import { Thread } from '../../conversations/entities/thread.entity';
import { ThreadView } from '../entities/thread-view.entity';

export interface ThreadMessageRow {
  id: string;
  kind: string;
  authorName: string | null;
  authorRole: string | null;
  newText: string;
  quotedText: string;
  html: string | null;
  subject: string | null;
  attachments: StoredAttachment[];
  extractionConfident: boolean;
  createdAt: Date;
}

@Injectable()
export class ThreadReadRepository {
  constructor(private readonly dataSource: DataSource) {}

  findThread(id: string): Promise<Thread | null> {
    return this.dataSource.manager.findOneBy(Thread, { id });
  }

  async messages(threadId: string): Promise<ThreadMessageRow[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT m.id, m.kind, pa.name AS author_name, pa.role AS author_role, m.new_text, m.quoted_text, m.html,
              m.subject, m.attachments, m.extraction_confident, m.created_at
       FROM messages m LEFT JOIN participants pa ON pa.id = m.author_id
       WHERE m.thread_id = $1 ORDER BY m.created_at, m.id`,
      [threadId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      kind: r.kind as string,
      authorName: r.author_name as string | null,
      authorRole: r.author_role as string | null,
      newText: r.new_text as string,
      quotedText: r.quoted_text as string,
      html: r.html as string | null,
      subject: r.subject as string | null,
      attachments: r.attachments as StoredAttachment[],
      extractionConfident: r.extraction_confident as boolean,
      createdAt: r.created_at as Date,
    }));
  }

  async recordView(staffId: string, thread: Thread): Promise<void> {
    await this.dataSource.manager.insert(ThreadView, {
      staffId,
      threadId: thread.id,
      pairingId: thread.pairingId,
    });
  }
}
