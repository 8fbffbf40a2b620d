import { Module } from '@nestjs/common';
import type { SESClient } from '@aws-sdk/client-ses';
import { AppConfig } from '../../config/app-config';
import { createSesClientFor, SES_CLIENT } from './transport.factory';

/** The SES account's send rate (emails per second) in a worker sending through SES; else null. */
export const SES_SEND_RATE = Symbol('SES_SEND_RATE');

/** SES_MAX_SEND_RATE, else the account's own quota, read once at boot by a worker that sends. */
export async function sesSendRateFor(config: AppConfig, client: SESClient | null): Promise<number | null> {
  if (config.env.MAIL_TRANSPORT !== 'ses' || !client || !config.hasRole('worker')) return null;
  if (config.env.SES_MAX_SEND_RATE !== undefined) return config.env.SES_MAX_SEND_RATE;
  const { readMaxSendRate } = await import('./ses.transport');
  return readMaxSendRate(client);
}

/**
 * The SES client in a module of its own: the outbound module sends with it, and the outbound
 * queue's registration and the send pacer read the account's rate through it before the queue is
 * built.
 */
@Module({
  providers: [
    { provide: SES_CLIENT, inject: [AppConfig], useFactory: createSesClientFor },
    { provide: SES_SEND_RATE, inject: [AppConfig, SES_CLIENT], useFactory: sesSendRateFor },
  ],
  exports: [SES_CLIENT, SES_SEND_RATE],
})
export class SesClientModule {}
