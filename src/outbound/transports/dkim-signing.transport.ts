import type { DkimSettings } from '../../config/dkim-keys';
import type { HandOver, MailTransport, RawOutgoingEmail, TransportResult } from './mail-transport';

type DkimSign = typeof import('mailauth').dkimSign;
let loaded: Promise<DkimSign> | undefined;
// Loaded on the first send, like the inbound checks do: mailauth is not needed to start a process.
const loadSigner = (): Promise<DkimSign> => (loaded ??= import('mailauth').then((m) => m.dkimSign));

/**
 * The DKIM-Signature header(s) for the finished bytes, relaxed/relaxed over mailauth's default
 * header list (From, To, Subject, Date, Message-ID, List-*, MIME headers...). One signature per
 * key: during a rotation both, so either published selector verifies it.
 */
export async function dkimSignatures(raw: Buffer, dkim: DkimSettings): Promise<Buffer> {
  const sign = await loadSigner();
  const result = await sign(raw, {
    // Given explicitly: left out, mailauth reads the clock once for the signed copy of the header
    // and again for the one it writes, and a signature made across a half-second fails (t= differs).
    signTime: new Date(),
    canonicalization: 'relaxed/relaxed',
    algorithm: 'rsa-sha256',
    signingDomain: dkim.domain,
    selector: dkim.keys[0].selector,
    privateKey: dkim.keys[0].privateKeyPem,
    signatureData: dkim.keys.map((key) => ({
      signingDomain: dkim.domain,
      selector: key.selector,
      privateKey: key.privateKeyPem,
    })),
  });
  if (result.errors?.length) throw new Error(`DKIM signing failed: ${String(result.errors[0])}`);
  return Buffer.from(result.signatures, 'latin1');
}

/**
 * Signs every email before the wrapped transport sends it (SMTP, or the file outbox, where the
 * tests verify what would have left). The signature goes on top, as receivers expect.
 */
export class DkimSigningTransport implements MailTransport {
  readonly name: MailTransport['name'];

  constructor(
    private readonly inner: MailTransport,
    private readonly dkim: DkimSettings,
  ) {
    this.name = inner.name;
  }

  async send(email: RawOutgoingEmail, handOver: HandOver): Promise<TransportResult> {
    const signatures = await dkimSignatures(email.raw, this.dkim);
    return this.inner.send({ ...email, raw: Buffer.concat([signatures, email.raw]) }, handOver);
  }
}
