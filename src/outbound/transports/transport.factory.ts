import type { SESClient } from '@aws-sdk/client-ses';
import type { AppConfig } from '../../config/app-config';
import type { SendPacer } from '../sending/send-pacer';
import { FileTransport } from './file.transport';
import type { MailTransport } from './mail-transport';

/**
 * The SES client as its own provider, so a test can swap it (Nest testing module
 * `.overrideProvider(SES_CLIENT)`) or mock it with aws-sdk-client-mock, and the rate limiter can
 * ask it for the account's quota. Null unless MAIL_TRANSPORT=ses.
 */
export const SES_CLIENT = Symbol('SES_CLIENT');

export async function createSesClientFor(config: AppConfig): Promise<SESClient | null> {
  if (config.env.MAIL_TRANSPORT !== 'ses') return null;
  const { createSesClient } = await import('./ses.transport');
  return createSesClient({ region: config.env.AWS_REGION! });
}

/**
 * Picks the transport named by MAIL_TRANSPORT. The SES and SMTP drivers are loaded only when
 * chosen, so a local run never touches AWS code paths.
 */
export async function createTransport(
  config: AppConfig,
  sesClient: SESClient | null,
  pacer: SendPacer,
): Promise<MailTransport> {
  const env = config.env;
  switch (env.MAIL_TRANSPORT) {
    case 'ses': {
      const { SesTransport } = await import('./ses.transport');
      if (!sesClient) throw new Error('MAIL_TRANSPORT=ses needs an SES client');
      return new SesTransport({
        client: sesClient,
        configurationSet: env.SES_CONFIGURATION_SET,
        pace: () => pacer.acquire(),
      });
    }
    case 'smtp': {
      const { SmtpTransport } = await import('./smtp.transport');
      return signed(
        config,
        new SmtpTransport({
          host: env.OUTBOUND_SMTP_HOST!,
          port: env.OUTBOUND_SMTP_PORT,
          secure: env.OUTBOUND_SMTP_SECURE,
          auth: env.OUTBOUND_SMTP_USER
            ? { user: env.OUTBOUND_SMTP_USER, pass: env.OUTBOUND_SMTP_PASSWORD ?? '' }
            : undefined,
        }),
      );
    }
    default:
      return signed(config, new FileTransport(env.OUTBOX_DIR));
  }
}

/** SMTP and file mail carries our DKIM signature when keys are configured (SES signs its own). */
async function signed(config: AppConfig, transport: MailTransport): Promise<MailTransport> {
  if (!config.dkim) return transport;
  const { DkimSigningTransport } = await import('./dkim-signing.transport');
  return new DkimSigningTransport(transport, config.dkim);
}
