import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3BlobStorage } from './s3-blob-storage';

const s3 = mockClient(S3Client);
const storage = new S3BlobStorage(new S3Client({ region: 'eu-west-1' }), 'mm-blobs');

beforeEach(() => s3.reset());
afterAll(() => s3.restore());

describe('S3BlobStorage at the SDK boundary', () => {
  it('puts the bytes under the key with their content type', async () => {
    s3.on(PutObjectCommand).resolves({});
    await storage.put('inbound/a/1-cv.pdf', Buffer.from('%PDF'), 'application/pdf');
    expect(s3.commandCalls(PutObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'mm-blobs',
      Key: 'inbound/a/1-cv.pdf',
      Body: Buffer.from('%PDF'),
      ContentType: 'application/pdf',
    });
  });

  it('deletes the one object asked for, and passes S3 failures on', async () => {
    s3.on(DeleteObjectCommand).resolvesOnce({}).rejectsOnce(new Error('AccessDenied'));
    await storage.delete('inbound/a/1-cv.pdf');
    expect(s3.commandCalls(DeleteObjectCommand)[0].args[0].input).toEqual({
      Bucket: 'mm-blobs',
      Key: 'inbound/a/1-cv.pdf',
    });
    await expect(storage.delete('inbound/a/2-photo.jpg')).rejects.toThrow('AccessDenied');
  });
});
