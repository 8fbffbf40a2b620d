/** Where attachment bytes live: a local folder by default, an S3 bucket when configured. */
export interface BlobStorage {
  put(key: string, content: Buffer, contentType: string): Promise<void>;
  get(key: string): Promise<Buffer>;
}

export const BLOB_STORAGE = Symbol('BLOB_STORAGE');
