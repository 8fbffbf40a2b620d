import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { MailTransport, RawOutgoingEmail, TransportResult } from './mail-transport';

/**
 * The default transport: each email becomes an .eml file in the outbox folder, for local
 * development, demos and tests. The file name comes from our Message-ID, so a retry overwrites
 * the same file instead of adding a second copy.
 */
export class FileTransport implements MailTransport {
  readonly name = 'file' as const;
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private ready?: Promise<unknown>;

  async send(email: RawOutgoingEmail): Promise<TransportResult> {
    // Once per process, not per email: the folder does not go away under a running service.
    this.ready ??= mkdir(this.dir, { recursive: true });
    await this.ready;
    const name = `${email.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
    const path = join(this.dir, name);
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, email.raw);
    await rename(tmp, path);
    return { transportId: name };
  }
}
