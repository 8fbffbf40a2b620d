import { Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { createSesClientFor, SES_CLIENT } from './transport.factory';

/**
 * The SES client in a module of its own: the outbound module sends with it, and the outbound
 * queue's registration reads the account's rate with it before the queue is built.
 */
@Module({
  providers: [{ provide: SES_CLIENT, inject: [AppConfig], useFactory: createSesClientFor }],
  exports: [SES_CLIENT],
})
export class SesClientModule {}
