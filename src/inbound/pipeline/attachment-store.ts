import { Inject, Injectable } from '@nestjs/common';
import type { Attachment } from 'mailparser';
import type { StoredAttachment } from '../../conversations/entities/message.entity';
import { BLOB_STORAGE, type BlobStorage } from '../../storage/blob-storage';

function safeName(name: string | undefined, index: number): string {
  const cleaned = (name ?? '')
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '_')
    .replace(/^\.+/, '');
  return cleaned.slice(0, 100) || `attachment-${index + 1}`;
}

/** Writes an inbound email's attachments to blob storage under keys derived from its id (retries overwrite). */
@Injectable()
export class AttachmentStore {
  constructor(@Inject(BLOB_STORAGE) private readonly storage: BlobStorage) {}

  async save(inboundEmailId: string, attachments: Attachment[]): Promise<StoredAttachment[]> {
    const stored: StoredAttachment[] = [];
    for (const [index, a] of attachments.entries()) {
      const filename = safeName(a.filename, index);
      const key = `inbound/${inboundEmailId}/${index + 1}-${filename}`;
      await this.storage.put(key, a.content, a.contentType);
      const cid = a.contentId ? a.contentId.replace(/^<|>$/g, '') : undefined;
      stored.push({
        filename,
        contentType: a.contentType,
        size: a.size ?? a.content.length,
        key,
        ...(cid ? { cid } : {}),
      });
    }
    return stored;
  }
}
