import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { readTlsPair, type SmtpTls } from '../../config/smtp-tls';

/** Events of one renewal (certbot replaces four links one by one) are read once, after the burst. */
const SETTLE_MS = 200;

/**
 * Applies a renewed certificate without a restart. certbot renews by writing new files and
 * replacing the links under `live/<domain>/` (unlink, then symlink); Kubernetes swaps a `..data`
 * link in the secret's folder. A watch on the file itself would follow the old target and see
 * nothing, so the folders are watched: after any burst of events the pair is read again and
 * checked as at boot, and applied only when it is usable and differs from the one in use. A pair
 * caught half-written fails the check and the previous one stays until the next event.
 */
export class TlsReloader {
  private readonly watchers: FSWatcher[] = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private current: SmtpTls,
    private readonly handlers: {
      apply: (tls: SmtpTls) => void;
      failed: (error: Error) => void;
    },
  ) {}

  start(): void {
    const folders = new Set([path.dirname(this.current.certFile), path.dirname(this.current.keyFile)]);
    for (const folder of folders) {
      // Not persistent: the listener's own server keeps the process alive, a watch should not.
      const watcher = watch(folder, { persistent: false }, () => this.schedule());
      watcher.on('error', (error) => this.handlers.failed(error));
      this.watchers.push(watcher);
    }
  }

  stop(): void {
    clearTimeout(this.timer);
    for (const watcher of this.watchers.splice(0)) watcher.close();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.reload(), SETTLE_MS);
    this.timer.unref();
  }

  private reload(): void {
    let next: SmtpTls;
    try {
      next = readTlsPair(this.current.certFile, this.current.keyFile);
    } catch (error) {
      this.handlers.failed(error as Error);
      return;
    }
    if (next.cert.equals(this.current.cert) && next.key.equals(this.current.key)) return;
    this.current = next;
    this.handlers.apply(next);
  }
}
