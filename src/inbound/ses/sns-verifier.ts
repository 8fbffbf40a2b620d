import { X509Certificate, verify as verifySignature } from 'node:crypto';
import { createHttpsTextFetcher } from './https-text-fetcher';
import { buildSnsStringToSign, parseSnsEnvelope } from './sns-envelope';
import type { SnsEnvelope } from './sns-envelope';
import { parseSnsSigningCertUrl } from './sns-aws-urls';
import { SnsCertificateCache } from './sns-certificate-cache';
import { SnsVerificationError } from './sns-verification.error';
import { confirmSubscription } from './sns-subscription';
import type { HttpGet } from './sns-subscription';

export interface SnsVerifierOptions {
  allowedTopicArns: string[];
  /** Downloads a signing certificate (PEM). Defaults to an https GET with a timeout and size cap. */
  fetchCertificate?: (url: string) => Promise<string>;
  now?: () => Date;
  /**
   * Oldest Timestamp accepted. SNS retries an HTTP/S delivery for at most 3,600 s under any delivery
   * policy and every retry keeps the original Timestamp, so nothing genuine arrives much later than
   * an hour; 15 minutes more absorbs clock skew. Default 75 minutes.
   */
  maxMessageAgeMs?: number;
  /** How far in the future a Timestamp may be (clock skew). Default 15 minutes. */
  maxClockSkewMs?: number;
  /** Distinct certificate URLs kept. AWS uses a handful at a time; the bound caps memory. Default 32. */
  certificateCacheSize?: number;
}

const MINUTE = 60_000;

/**
 * Verifies SNS HTTP/S deliveries before anything in them is trusted. Signature checking uses
 * node:crypto's X509Certificate and verify(); the npm validators were looked at and left: neither
 * `sns-payload-validator` nor AWS's `sns-validator` lets the certificate download be injected, bounded
 * in time or size, and the latter keeps an unbounded global cache.
 */
export class SnsVerifier {
  private readonly allowedTopics: ReadonlySet<string>;
  private readonly fetchCertificate: (url: string) => Promise<string>;
  private readonly now: () => Date;
  private readonly maxMessageAgeMs: number;
  private readonly maxClockSkewMs: number;
  private readonly certificates: SnsCertificateCache<X509Certificate>;

  constructor(options: SnsVerifierOptions) {
    this.allowedTopics = new Set(options.allowedTopicArns);
    this.fetchCertificate = options.fetchCertificate ?? createHttpsTextFetcher();
    this.now = options.now ?? (() => new Date());
    this.maxMessageAgeMs = options.maxMessageAgeMs ?? 75 * MINUTE;
    this.maxClockSkewMs = options.maxClockSkewMs ?? 15 * MINUTE;
    this.certificates = new SnsCertificateCache(options.certificateCacheSize ?? 32);
  }

  /** Resolves with the envelope when it is authentic, fresh and from an allowed topic; else throws SnsVerificationError. */
  async verify(body: unknown): Promise<SnsEnvelope> {
    const envelope = parseSnsEnvelope(body);
    // Cheap, local checks first: an unknown topic or a foreign cert URL must never cause a download.
    if (!this.allowedTopics.has(envelope.TopicArn)) {
      throw new SnsVerificationError('topic_not_allowed', envelope.TopicArn);
    }
    const certUrl = parseSnsSigningCertUrl(envelope.SigningCertURL);
    if (!certUrl) throw new SnsVerificationError('invalid_cert_url', envelope.SigningCertURL);
    this.checkFreshness(envelope.Timestamp);

    const certificate = await this.certificates.getOrLoad(certUrl.href, () =>
      this.loadCertificate(certUrl.href),
    );
    // Checked on every use, not only at download, since a cached certificate can expire.
    this.checkCertificate(certificate);
    const signature = Buffer.from(envelope.Signature, 'base64');
    const algorithm = envelope.SignatureVersion === '1' ? 'sha1' : 'sha256';
    let valid: boolean;
    try {
      valid = verifySignature(
        algorithm,
        Buffer.from(buildSnsStringToSign(envelope), 'utf8'),
        certificate.publicKey,
        signature,
      );
    } catch (error) {
      throw new SnsVerificationError('invalid_signature', 'signature could not be checked', { cause: error });
    }
    if (!valid) throw new SnsVerificationError('invalid_signature');
    return envelope;
  }

  /** Confirms a verified SubscriptionConfirmation against this verifier's topic allow-list. */
  confirmSubscription(envelope: SnsEnvelope, httpGet: HttpGet = createHttpsTextFetcher()): Promise<void> {
    return confirmSubscription(envelope, httpGet, [...this.allowedTopics]);
  }

  private checkFreshness(timestamp: string): void {
    // SNS always sends ISO 8601 UTC; Date.parse would also accept looser forms, so insist on the shape.
    const sentAt = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(timestamp)
      ? Date.parse(timestamp)
      : NaN;
    if (Number.isNaN(sentAt)) throw new SnsVerificationError('invalid_timestamp', timestamp);
    const now = this.now().getTime();
    if (now - sentAt > this.maxMessageAgeMs) throw new SnsVerificationError('stale_timestamp', timestamp);
    if (sentAt - now > this.maxClockSkewMs)
      throw new SnsVerificationError('invalid_timestamp', `${timestamp} is in the future`);
  }

  private async loadCertificate(url: string): Promise<X509Certificate> {
    let pem: string;
    try {
      pem = await this.fetchCertificate(url);
    } catch (error) {
      throw new SnsVerificationError('cert_fetch_failed', url, { cause: error });
    }
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(pem);
    } catch (error) {
      throw new SnsVerificationError('invalid_certificate', 'not an X.509 certificate', { cause: error });
    }
    // Both signature versions are RSA; refusing other key types keeps "sha256" from meaning ECDSA.
    if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
      throw new SnsVerificationError(
        'invalid_certificate',
        `unexpected key type ${certificate.publicKey.asymmetricKeyType}`,
      );
    }
    return certificate;
  }

  private checkCertificate(certificate: X509Certificate): void {
    const now = this.now().getTime();
    if (now < Date.parse(certificate.validFrom) || now > Date.parse(certificate.validTo)) {
      throw new SnsVerificationError(
        'invalid_certificate',
        `outside validity ${certificate.validFrom} – ${certificate.validTo}`,
      );
    }
  }
}

export { confirmSubscription } from './sns-subscription';
export type { HttpGet } from './sns-subscription';
export { SnsVerificationError } from './sns-verification.error';
export type { SnsVerificationReason } from './sns-verification.error';
export type { SnsEnvelope } from './sns-envelope';
