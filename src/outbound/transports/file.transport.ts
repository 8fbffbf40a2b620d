import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type HandOver,
  HandOverRefused,
  type MailTransport,
  type RawOutgoingEmail,
  type TransportResult,
} from './mail-transport';

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

  private ready = false;

  // Synchronous file calls on purpose: writing ~20 KB and renaming takes 50-90 us here, less
  // than the promise API's four thread-pool hand-offs, which cost ~350 us of the event loop per
  // email once PostgreSQL shares the CPU (the digest bench, 2 cores). async keeps throws rejections.
  async send(email: RawOutgoingEmail, handOver: HandOver): Promise<TransportResult> {
    // Once per process, not per email: the folder does not go away under a running service.
    if (!this.ready) mkdirSync(this.dir, { recursive: true });
    this.ready = true;
    const name = `${email.messageId.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
    const path = join(this.dir, name);
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, email.raw);
    // The rename is the point of no return: a .tmp file is no email.
    if (!(await handOver())) {
      rmSync(tmp, { force: true });
      throw new HandOverRefused();
    }
    renameSync(tmp, path);
    return { transportId: name };
  }
}
