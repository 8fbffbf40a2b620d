import type { S3Client } from '@aws-sdk/client-s3';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { IntakeService } from '../intake.service';
import { parseSesInboundNotification } from './ses-inbound';
import { SesPayloadError } from './ses-payload.error';
import { confirmSubscription, type HttpGet } from './sns-subscription';
import { SnsVerifier } from './sns-verifier';

export const SNS_VERIFIER = Symbol('SNS_VERIFIER');
export const SNS_HTTP_GET = Symbol('SNS_HTTP_GET');
export const INBOUND_S3_CLIENT = Symbol('INBOUND_S3_CLIENT');

export type SesWebhookResult =
  | { kind: 'stored'; ids: string[]; duplicates: number }
  | { kind: 'subscription-confirmed' }
  | { kind: 'ignored'; reason: string };

/**
 * SES receiving through SNS: verify the signature, take the mail from the notification (SNS
 * action) or from S3 (S3 action, needed above 150 KB), and store it through the same intake as
 * SMTP. The caller answers 200 only after this returns, i.e. after the commit.
 */
@Injectable()
export class SesInboundService {
  private s3?: S3Client;

  constructor(
    @Inject(SNS_VERIFIER) private readonly verifier: SnsVerifier,
    private readonly intake: IntakeService,
    private readonly config: AppConfig,
    @Optional() @Inject(SNS_HTTP_GET) private readonly httpGet?: HttpGet,
    @Optional() @Inject(INBOUND_S3_CLIENT) s3?: S3Client,
  ) {
    this.s3 = s3;
  }

  /** Throws SnsVerificationError (-> 403) or SesPayloadError (-> 400); writes nothing then. */
  async handle(body: unknown): Promise<SesWebhookResult> {
    const envelope = await this.verifier.verify(body);
    if (envelope.Type === 'SubscriptionConfirmation') {
      await confirmSubscription(envelope, this.httpGet ?? defaultHttpGet, this.config.env.SNS_TOPIC_ARNS);
      return { kind: 'subscription-confirmed' };
    }
    if (envelope.Type !== 'Notification') return { kind: 'ignored', reason: envelope.Type };
    let inbound;
    try {
      inbound = parseSesInboundNotification(envelope.Message);
    } catch (error) {
      if (error instanceof SesPayloadError && error.code === 'setup_notification') {
        return { kind: 'ignored', reason: 'setup notification' };
      }
      throw error;
    }
    const raw =
      inbound.content.kind === 'inline'
        ? inbound.content.raw
        : await this.fetchFromS3(
            this.config.env.SES_INBOUND_BUCKET ?? inbound.content.bucket,
            inbound.content.key,
          );
    // SES lists only the recipients its receipt rule matched; any that is no relay address is
    // still stored, and ends as unknown_recipient like any other.
    const recipients = inbound.recipients.length
      ? inbound.recipients.map((r) => r.toLowerCase())
      : ['(none)'];
    const ids: string[] = [];
    let duplicates = 0;
    for (const recipient of recipients) {
      const receipt = await this.intake.receive({
        source: 'ses',
        raw,
        recipient,
        // SES always knows the envelope: '' is the null sender, as from the SMTP door.
        envelopeFrom: inbound.source,
        providerMessageId: inbound.messageId,
        auth: {
          spf: inbound.verdicts.spf,
          dkim: inbound.verdicts.dkim,
          dmarc: inbound.verdicts.dmarc,
          spam: inbound.verdicts.spam,
          virus: inbound.verdicts.virus,
        },
        transportMeta: { sesMessageId: inbound.messageId, snsMessageId: envelope.MessageId },
      });
      ids.push(receipt.id);
      if (receipt.duplicateOf) duplicates++;
    }
    return { kind: 'stored', ids, duplicates };
  }

  /** The AWS SDK is loaded on the first S3 fetch, not at start (a tenth of a second each start). */
  private async fetchFromS3(bucket: string, key: string): Promise<Buffer> {
    const [{ S3Client }, { fetchRawFromS3 }] = await Promise.all([
      import('@aws-sdk/client-s3'),
      import('./s3-raw-fetcher'),
    ]);
    this.s3 ??= new S3Client({ region: this.config.env.AWS_REGION });
    return fetchRawFromS3(this.s3, bucket, key, this.config.env.INBOUND_MAX_BYTES * 2);
  }
}

const defaultHttpGet: HttpGet = async (url) => {
  const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`subscription confirmation failed: HTTP ${res.status}`);
  return res.text();
};
