import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';

export type S3RawFetchErrorCode = 'too_large' | 'empty_body';

/** Permanent: the stored object will not shrink or appear on retry. S3's own errors (NoSuchKey, network) pass through as thrown. */
export class S3RawFetchError extends Error {
  override readonly name = 'S3RawFetchError';

  constructor(
    readonly code: S3RawFetchErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/**
 * Downloads the raw MIME that an SES S3 action stored. The declared ContentLength is checked first
 * so an oversized object is refused without reading it, and the stream is counted too, since the
 * header can be absent and a mail bomb should cost at most `maxBytes` of memory.
 */
export async function fetchRawFromS3(
  client: S3Client,
  bucket: string,
  key: string,
  maxBytes: number,
): Promise<Buffer> {
  const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const body = output.Body as AsyncIterable<Uint8Array> | undefined;
  const where = `s3://${bucket}/${key}`;
  if (!body) throw new S3RawFetchError('empty_body', where);
  if (output.ContentLength !== undefined && output.ContentLength > maxBytes) {
    destroy(body);
    throw new S3RawFetchError('too_large', `${where} is ${output.ContentLength} bytes, cap is ${maxBytes}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      // Leaving the loop early calls the stream's return(), which destroys the socket.
      throw new S3RawFetchError('too_large', `${where} exceeded ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  if (size === 0) throw new S3RawFetchError('empty_body', where);
  return Buffer.concat(chunks, size);
}

function destroy(body: unknown): void {
  const stream = body as { destroy?: () => void };
  if (typeof stream.destroy === 'function') stream.destroy();
}
