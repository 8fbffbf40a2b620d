/** Where attachment bytes live: a local folder by default, an S3 bucket when configured. */
export interface BlobStorage {
  put(key: string, content: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
  /** Gone afterwards; a key that was never there is not an error (erasure may run twice). */
  delete(key: string): Promise<void>;
}

export const BLOB_STORAGE = Symbol('BLOB_STORAGE');
