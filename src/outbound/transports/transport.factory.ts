import type { AppConfig } from '../../config/app-config';
import { FileTransport } from './file.transport';
import type { MailTransport } from './mail-transport';

/**
 * Picks the transport named by MAIL_TRANSPORT. The SES and SMTP drivers are loaded only when
 * chosen, so a local run never touches AWS code paths.
 */
export async function createTransport(config: AppConfig): Promise<MailTransport> {
  const env = config.env;
  switch (env.MAIL_TRANSPORT) {
    case 'ses': {
      const { SesTransport, createSesClient } = await import('./ses.transport');
      return new SesTransport({
        client: createSesClient({ region: env.AWS_REGION! }),
        configurationSet: env.SES_CONFIGURATION_SET,
      });
    }
    case 'smtp': {
      const { SmtpTransport } = await import('./smtp.transport');
      return new SmtpTransport({
        host: env.OUTBOUND_SMTP_HOST!,
        port: env.OUTBOUND_SMTP_PORT,
        secure: env.OUTBOUND_SMTP_SECURE,
        auth: env.OUTBOUND_SMTP_USER
          ? { user: env.OUTBOUND_SMTP_USER, pass: env.OUTBOUND_SMTP_PASSWORD ?? '' }
          : undefined,
      });
    }
    default:
      return new FileTransport(env.OUTBOX_DIR);
  }
}
