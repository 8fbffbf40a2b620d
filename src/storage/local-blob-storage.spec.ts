import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobStorage, SYNC_MAX_BYTES } from './local-blob-storage';

describe('LocalBlobStorage', () => {
  const storage = new LocalBlobStorage(mkdtempSync(join(tmpdir(), 'mm-blobs-')));

  it('stores and reads back bytes under nested keys', async () => {
    await storage.put('a/b/c.bin', Buffer.from([1, 2, 3]));
    expect([...(await storage.get('a/b/c.bin'))]).toEqual([1, 2, 3]);
  });

  it('stores and reads back a file past the synchronous size the same way, and a missing key rejects', async () => {
    const big = Buffer.alloc(SYNC_MAX_BYTES + 1, 7);
    await storage.put('x/big.bin', big);
    expect((await storage.get('x/big.bin')).equals(big)).toBe(true);
    const small = Buffer.alloc(SYNC_MAX_BYTES, 3);
    await storage.put('x/small.bin', small);
    expect((await storage.get('x/small.bin')).equals(small)).toBe(true);
    await expect(storage.get('x/missing.bin')).rejects.toThrow(/ENOENT/);
  });

  it('deletes a file, and deleting it again (or a key never stored) is no error', async () => {
    await storage.put('d/gone.bin', Buffer.from('x'));
    await storage.delete('d/gone.bin');
    await expect(storage.get('d/gone.bin')).rejects.toThrow(/ENOENT/);
    await expect(storage.delete('d/gone.bin')).resolves.toBeUndefined();
  });

  it('refuses keys that escape the folder', async () => {
    await expect(storage.put('../evil', Buffer.from('x'))).rejects.toThrow(/escapes/);
    await expect(storage.delete('../evil')).rejects.toThrow(/escapes/);
  });
});
