import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Attachment } from 'mailparser';
import { AppConfig } from '../../config/app-config';
import type { StoredAttachment } from '../../conversations/entities/message.entity';
import { HIDDEN_ADDRESS_FILENAME, maskAddresses } from '../../outbound/mime/mask-addresses';
import { BLOB_STORAGE, type BlobStorage } from '../../storage/blob-storage';
import { AttachmentRewriter } from '../attachments/attachment-rewriter';
import { InboundRepository } from '../inbound.repository';

/**
 * A file name fit for a storage key and for the partner. Addresses are masked first: the
 * clean-up below turns "@" into "_", after which "maria_mentor.example_notes.pdf" no longer looks
 * like an address to anyone but a person. NFKC first too, so a full-width "＠" is an "@".
 */
export function safeName(name: string | undefined, index: number, ourDomain: string): string {
  const full = (name ?? '').normalize('NFKC');
  let masked = maskAddresses(full, { ourDomain, replacement: HIDDEN_ADDRESS_FILENAME });
  // "maria@mentor.example.pdf" reads as an address at "mentor.example.pdf": the extension is
  // masked with it, so it is put back (the partner's client opens files by it).
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(full)?.[0];
  if (ext && masked !== full && !masked.endsWith(ext)) masked += ext;
  const cleaned = masked.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^\.+/, '');
  return cleaned.slice(0, 100) || `attachment-${index + 1}`;
}

/**
 * Makes an inbound email's kept attachments safe (AttachmentRewriter) and writes them to blob
 * storage under keys derived from its id (retries overwrite). What is stored is what is relayed.
 */
@Injectable()
export class AttachmentStore {
  constructor(
    @Inject(BLOB_STORAGE) private readonly storage: BlobStorage,
    private readonly rewriter: AttachmentRewriter,
    private readonly config: AppConfig,
    private readonly inbound: InboundRepository,
  ) {}

  private readonly logger = new Logger(AttachmentStore.name);

  async save(
    inboundEmailId: string,
    attachments: Attachment[],
    relayAddress: string,
  ): Promise<StoredAttachment[]> {
    const stored: StoredAttachment[] = [];
    for (const [index, original] of attachments.entries()) {
      const a = await this.rewriter.rewrite(original, relayAddress);
      const filename = safeName(a.filename, index, this.config.env.RELAY_DOMAIN);
      const key = `inbound/${inboundEmailId}/${index + 1}-${filename}`;
      await this.storage.put(key, a.content, a.contentType);
      const cid = a.contentId ? a.contentId.replace(/^<|>$/g, '') : undefined;
      stored.push({
        filename,
        contentType: a.contentType,
        size: a.content.length,
        key,
        ...(cid ? { cid } : {}),
      });
    }
    return stored;
  }

  /**
   * Files stored for replies that were not recorded, when their email is gone: erased with its
   * sender while it was being processed, after the erasure deleted the files it knew of. Nothing
   * else points at them. An email that is still there was recorded by another run (a revived
   * job) under the same keys, whose files must stay.
   */
  async dropErased(
    unrecorded: { inboundEmailId: string; files: readonly StoredAttachment[] }[],
  ): Promise<void> {
    const withFiles = unrecorded.filter((r) => r.files.length > 0);
    if (withFiles.length === 0) return;
    try {
      const gone = new Set(await this.inbound.gone(withFiles.map((r) => r.inboundEmailId)));
      for (const reply of withFiles)
        if (gone.has(reply.inboundEmailId))
          for (const file of reply.files) await this.storage.delete(file.key);
    } catch (error) {
      // What was recorded stays recorded; only a clean-up was missed.
      this.logger.warn({ err: error }, 'could not remove the files of an email erased in flight');
    }
  }
}
