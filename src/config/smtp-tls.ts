import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';

/** The certificate (full chain) and key the SMTP listener offers with STARTTLS. */
export interface SmtpTls {
  certFile: string;
  keyFile: string;
  cert: Buffer;
  key: Buffer;
  /** The leaf certificate's expiry, as OpenSSL prints it; logged at boot and on each reload. */
  validTo: string;
}

export class TlsFileError extends Error {}

/**
 * Reads and checks a certificate and key pair exactly as the listener will use them: Node's own
 * createSecureContext parses both PEM files and refuses a key that does not match the certificate,
 * so a typo or a half-written renewal is caught here and not at a sender's first STARTTLS.
 */
export function readTlsPair(certFile: string, keyFile: string): SmtpTls {
  const read = (setting: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new TlsFileError(
        `${setting}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`,
      );
    }
  };
  const cert = read('SMTP_TLS_CERT', certFile);
  const key = read('SMTP_TLS_KEY', keyFile);
  let validTo: string;
  try {
    validTo = new X509Certificate(cert).validTo;
  } catch (error) {
    throw new TlsFileError(
      `SMTP_TLS_CERT: ${certFile} is not a PEM certificate (${(error as Error).message})`,
    );
  }
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new TlsFileError(
      `SMTP_TLS_CERT, SMTP_TLS_KEY: ${certFile} and ${keyFile} are not a usable certificate and key (${(error as Error).message})`,
    );
  }
  return { certFile, keyFile, cert, key, validTo };
}

/**
 * SMTP_TLS_CERT and SMTP_TLS_KEY: both or neither. The files are read only by a process that runs
 * the SMTP listener, so an api or worker container need not mount them.
 */
export function loadSmtpTls(raw: Record<string, string | undefined>): { tls?: SmtpTls; problems: string[] } {
  const cert = raw.SMTP_TLS_CERT;
  const key = raw.SMTP_TLS_KEY;
  if (!cert && !key) return { problems: [] };
  if (!cert || !key) {
    const [missing, given] = cert ? ['SMTP_TLS_KEY', 'SMTP_TLS_CERT'] : ['SMTP_TLS_CERT', 'SMTP_TLS_KEY'];
    return { problems: [`${missing}: required when ${given} is set (both or neither)`] };
  }
  const roles = (raw.ROLES ?? 'api,worker,smtp').split(',').map((r) => r.trim());
  if (!roles.includes('smtp')) return { problems: [] };
  try {
    return { tls: readTlsPair(cert, key), problems: [] };
  } catch (error) {
    if (error instanceof TlsFileError) return { problems: [error.message] };
    throw error;
  }
}
