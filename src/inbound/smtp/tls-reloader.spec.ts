import { mkdirSync, mkdtempSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate, type TestCertificate } from '../../../test/support/tls-files';
import { readTlsPair, type SmtpTls } from '../../config/smtp-tls';
import { TlsReloader } from './tls-reloader';

/**
 * A certbot layout: `live/` holds links into `archive/`, and a renewal writes new archive files,
 * then replaces each link (unlink, symlink), as certbot's storage does.
 */
function certbotLayout() {
  const root = mkdtempSync(join(tmpdir(), 'mm-certbot-'));
  mkdirSync(join(root, 'archive'));
  mkdirSync(join(root, 'live'));
  const live = { certFile: join(root, 'live/fullchain.pem'), keyFile: join(root, 'live/privkey.pem') };
  let version = 0;
  const link = (target: string, path: string) => {
    try {
      unlinkSync(path);
    } catch {
      // the first issue has no link yet
    }
    symlinkSync(target, path);
  };
  /** Writes version n of the files and points the links at them (only the given ones). */
  const issue = (pair: { cert?: string; key?: string }) => {
    version += 1;
    if (pair.cert !== undefined) {
      writeFileSync(join(root, `archive/fullchain${version}.pem`), pair.cert);
      link(`../archive/fullchain${version}.pem`, live.certFile);
    }
    if (pair.key !== undefined) {
      writeFileSync(join(root, `archive/privkey${version}.pem`), pair.key);
      link(`../archive/privkey${version}.pem`, live.keyFile);
    }
  };
  return { live, issue };
}

describe('TlsReloader', () => {
  let first: TestCertificate;
  let renewed: TestCertificate;
  let reloader: TlsReloader | undefined;

  beforeAll(async () => {
    [first, renewed] = await Promise.all([selfSignedCertificate(), selfSignedCertificate()]);
  });

  afterEach(() => reloader?.stop());

  /** Starts a reloader on the layout; each event of it resolves the next awaited promise. */
  function watch(live: { certFile: string; keyFile: string }) {
    const events: (SmtpTls | Error)[] = [];
    const waiting: ((event: SmtpTls | Error) => void)[] = [];
    const push = (event: SmtpTls | Error) => {
      const waiter = waiting.shift();
      if (waiter) waiter(event);
      else events.push(event);
    };
    reloader = new TlsReloader(readTlsPair(live.certFile, live.keyFile), { apply: push, failed: push });
    reloader.start();
    return () =>
      events.length > 0
        ? Promise.resolve(events.shift()!)
        : new Promise<SmtpTls | Error>((resolve) => waiting.push(resolve));
  }

  it('applies a certbot renewal once the links point at the new pair', async () => {
    const { live, issue } = certbotLayout();
    issue(first);
    const next = watch(live);
    issue(renewed);
    // A machine slow enough to read between two link swaps sees a mismatch first; it then applies.
    let event = await next();
    while (event instanceof Error) event = await next();
    expect((event as SmtpTls).cert.toString()).toBe(renewed.cert);
    expect((event as SmtpTls).key.toString()).toBe(renewed.key);
  });

  it('keeps the pair in use while the new one does not match, and applies it once it does', async () => {
    const { live, issue } = certbotLayout();
    issue(first);
    const next = watch(live);
    issue({ cert: renewed.cert });
    const failure = await next();
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/not a usable certificate and key .*key values mismatch/);
    issue({ key: renewed.key });
    const applied = await next();
    expect((applied as SmtpTls).cert.toString()).toBe(renewed.cert);
  });
});
