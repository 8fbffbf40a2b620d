import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobStorage } from './local-blob-storage';

describe('LocalBlobStorage', () => {
  const storage = new LocalBlobStorage(mkdtempSync(join(tmpdir(), 'mm-blobs-')));

  it('stores and reads back bytes under nested keys', async () => {
    await storage.put('a/b/c.bin', Buffer.from([1, 2, 3]));
    expect([...(await storage.get('a/b/c.bin'))]).toEqual([1, 2, 3]);
  });

  it('refuses keys that escape the folder', async () => {
    await expect(storage.put('../evil', Buffer.from('x'))).rejects.toThrow(/escapes/);
  });
});
