import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { BlobStorage } from './blob-storage';

/**
 * Files up to this size are written and read with synchronous calls: for a typical attachment
 * (a few KB to a few hundred) they take tens of microseconds, less than the promise API's
 * thread-pool hand-offs (mkdir, open, write, close, rename: five; open, fstat, read, close: four),
 * which cost the event loop more than the copy once PostgreSQL shares the CPU (3 % of the one-process
 * pipeline's main thread in `npm run bench -- inbound`, as FileTransport found for the outbox).
 * Larger files keep the promise API, so a 10 MB attachment never stalls the loop.
 */
export const SYNC_MAX_BYTES = 256 * 1024;

export class LocalBlobStorage implements BlobStorage {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  // async, so a throw (a key escaping the folder, a full disk) stays a rejection.
  async put(key: string, content: Buffer): Promise<void> {
    const path = this.pathOf(key);
    // Write then rename, so a reader never sees half a file.
    const tmp = `${path}.${process.pid}.tmp`;
    if (content.length <= SYNC_MAX_BYTES) {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(tmp, content);
      renameSync(tmp, path);
      return;
    }
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, content);
    await rename(tmp, path);
  }

  async get(key: string): Promise<Buffer> {
    const path = this.pathOf(key);
    return statSync(path).size <= SYNC_MAX_BYTES ? readFileSync(path) : readFile(path);
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`Storage key escapes the storage folder: ${key}`);
    return path;
  }
}
