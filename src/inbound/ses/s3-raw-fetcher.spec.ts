import { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { fetchRawFromS3, S3RawFetchError } from './s3-raw-fetcher';

const s3 = mockClient(S3Client);
const client = new S3Client({ region: 'us-east-1' });

function body(...chunks: string[]): never {
  return Readable.from(chunks.map((chunk) => Buffer.from(chunk))) as never;
}

beforeEach(() => s3.reset());
afterAll(() => s3.restore());

describe('fetchRawFromS3', () => {
  it('returns the object bytes and asks for the right object', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body('Subject: hi\r\n', '\r\nbody'), ContentLength: 19 });
    await expect(fetchRawFromS3(client, 'bucket', 'inbound/abc', 1024)).resolves.toEqual(
      Buffer.from('Subject: hi\r\n\r\nbody'),
    );
    expect(s3.commandCalls(GetObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'bucket',
      Key: 'inbound/abc',
    });
  });

  it('refuses an object whose declared size is over the cap without reading it', async () => {
    const stream = Readable.from([Buffer.alloc(10)]);
    s3.on(GetObjectCommand).resolves({ Body: stream as never, ContentLength: 5000 });
    const error: unknown = await fetchRawFromS3(client, 'b', 'k', 4096).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(S3RawFetchError);
    expect((error as S3RawFetchError).code).toBe('too_large');
    expect(stream.destroyed).toBe(true);
  });

  it('stops reading once the stream passes the cap when no length is declared', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body('a'.repeat(3000), 'b'.repeat(3000), 'c'.repeat(3000)) });
    await expect(fetchRawFromS3(client, 'b', 'k', 4096)).rejects.toMatchObject({ code: 'too_large' });
  });

  it('accepts an object of exactly the cap', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body('x'.repeat(4096)) });
    await expect(fetchRawFromS3(client, 'b', 'k', 4096)).resolves.toHaveLength(4096);
  });

  it('refuses an empty object', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body() });
    await expect(fetchRawFromS3(client, 'b', 'k', 4096)).rejects.toMatchObject({ code: 'empty_body' });
  });

  it('lets S3 errors through unchanged for the caller to classify', async () => {
    s3.on(GetObjectCommand).rejects(new NoSuchKey({ message: 'gone', $metadata: {} }));
    await expect(fetchRawFromS3(client, 'b', 'k', 4096)).rejects.toBeInstanceOf(NoSuchKey);
  });
});
