import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TestCertificate {
  cert: string;
  key: string;
  /** SHA-256 fingerprint, as `tls.TLSSocket#getPeerCertificate().fingerprint256` gives it. */
  fingerprint: string;
}

/** A fresh self-signed certificate for `host` (about 0.2 s: a 2048-bit RSA key). */
export async function selfSignedCertificate(host = 'mx.relay.test'): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: host }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: host }] }],
  });
  return { cert: pems.cert, key: pems.private, fingerprint: new X509Certificate(pems.cert).fingerprint256 };
}

/** Writes the pair as `<name>.crt` and `<name>.key` in `dir`; returns the two paths. */
export function writeCertificate(
  dir: string,
  certificate: TestCertificate,
  name = 'mx',
): { certFile: string; keyFile: string } {
  const certFile = join(dir, `${name}.crt`);
  const keyFile = join(dir, `${name}.key`);
  writeFileSync(certFile, certificate.cert);
  writeFileSync(keyFile, certificate.key, { mode: 0o600 });
  return { certFile, keyFile };
}
