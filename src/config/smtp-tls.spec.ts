import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selfSignedCertificate, writeCertificate, type TestCertificate } from '../../test/support/tls-files';
import { configProblems as problems, TEST_SECRET as SECRET } from '../../test/support/config-problems';
import { AppConfig } from './app-config';


describe('SMTP_TLS_CERT and SMTP_TLS_KEY', () => {
  let dir: string;
  let first: TestCertificate;
  let second: TestCertificate;
  let files: { certFile: string; keyFile: string };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mm-tls-'));
    [first, second] = await Promise.all([selfSignedCertificate(), selfSignedCertificate()]);
    files = writeCertificate(dir, first);
  });

  it('loads a readable, matching pair once, at boot', () => {
    const config = AppConfig.fromEnvironment({
      ...SECRET,
      SMTP_TLS_CERT: files.certFile,
      SMTP_TLS_KEY: files.keyFile,
    });
    expect(config.smtpTls?.cert.toString()).toBe(first.cert);
    expect(config.smtpTls?.key.toString()).toBe(first.key);
    expect(new Date(config.smtpTls!.validTo).getTime()).toBeGreaterThan(Date.now());
    expect(AppConfig.fromEnvironment(SECRET).smtpTls).toBeUndefined();
  });

  it('wants both or neither, reported with every other problem', () => {
    expect(problems({ SMTP_TLS_CERT: files.certFile, HTTP_PORT: 'abc' })).toEqual([
      expect.stringMatching(/^HTTP_PORT/),
      'SMTP_TLS_KEY: required when SMTP_TLS_CERT is set (both or neither)',
    ]);
    expect(problems({ SMTP_TLS_KEY: files.keyFile })).toEqual([
      'SMTP_TLS_CERT: required when SMTP_TLS_KEY is set (both or neither)',
    ]);
  });

  it('names the file it cannot read', () => {
    expect(problems({ SMTP_TLS_CERT: join(dir, 'missing.crt'), SMTP_TLS_KEY: files.keyFile })).toEqual([
      `SMTP_TLS_CERT: cannot read ${join(dir, 'missing.crt')} (ENOENT)`,
    ]);
    // A folder where a file belongs (a volume mounted one level off) is named the same way.
    expect(problems({ SMTP_TLS_CERT: files.certFile, SMTP_TLS_KEY: dir })).toEqual([
      `SMTP_TLS_KEY: cannot read ${dir} (EISDIR)`,
    ]);
  });

  it('refuses what is not a PEM certificate, and a key of another certificate', () => {
    const notPem = join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    expect(problems({ SMTP_TLS_CERT: notPem, SMTP_TLS_KEY: files.keyFile })).toEqual([
      expect.stringMatching(new RegExp(`^SMTP_TLS_CERT: ${notPem} is not a PEM certificate`)),
    ]);
    const otherKey = writeCertificate(dir, second, 'other').keyFile;
    expect(problems({ SMTP_TLS_CERT: files.certFile, SMTP_TLS_KEY: otherKey })).toEqual([
      expect.stringMatching(
        /^SMTP_TLS_CERT, SMTP_TLS_KEY: .* are not a usable certificate and key \(.*key values mismatch/,
      ),
    ]);
    const keyAsCert = problems({ SMTP_TLS_CERT: files.keyFile, SMTP_TLS_KEY: files.keyFile });
    expect(keyAsCert).toEqual([expect.stringMatching(/^SMTP_TLS_CERT: .* is not a PEM certificate/)]);
  });

  it('reads the files only where the SMTP listener runs', () => {
    const missing = { SMTP_TLS_CERT: join(dir, 'missing.crt'), SMTP_TLS_KEY: join(dir, 'missing.key') };
    expect(problems({ ...missing, ROLES: 'api,worker' })).toEqual([]);
    expect(problems({ ...missing, ROLES: 'worker,smtp' })).toHaveLength(1);
  });
});
