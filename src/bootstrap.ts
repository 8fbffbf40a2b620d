import 'reflect-metadata';
import type { Server } from 'node:http';
import { isIPv6, type AddressInfo } from 'node:net';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { text } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { ClientErrorsFilter } from './http/client-errors.filter';
import { securityHeaders } from './http/security-headers';
import { createAppLogger } from './logging/app-logger';
import { nestLogger } from './logging/logging.module';
import { STATIC_PATH, staticAssets } from './http/static-assets';

export interface RunningApp {
  app: INestApplicationContext;
  /** Base URL of the HTTP API when this process runs the api role. */
  httpUrl?: string;
  close(): Promise<void>;
}

/** Starts the roles the configuration asks for; used by main.ts, the CLI demo and the tests. */
export async function startApp(config: AppConfig): Promise<RunningApp> {
  // Built before Nest, so every line from the first is pino's JSON (see LoggingModule).
  const pino = await createAppLogger(config);
  const module = AppModule.forRoot(config, config.env.ROLES, pino);
  const logger = nestLogger(pino);
  if (!config.hasRole('api')) {
    const app = await NestFactory.createApplicationContext(module, { logger });
    app.enableShutdownHooks();
    await app.init();
    // Without HTTP nothing else says the process is up; supervisors and the soak wait for this line.
    new Logger('MentorMail').log(`started (roles: ${config.env.ROLES.join(',')})`);
    return { app, close: () => app.close() };
  }
  const app = await NestFactory.create<NestExpressApplication>(module, { logger });
  return serveHttp(app, config);
}

/** HTTP set-up shared by the real entry point and the tests' testing modules. */
export async function serveHttp(app: NestExpressApplication, config: AppConfig): Promise<RunningApp> {
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  // Without it req.ip is the socket's address and X-Forwarded-For is ignored (anyone can forge it).
  if (config.env.TRUST_PROXY !== undefined) app.set('trust proxy', config.env.TRUST_PROXY);
  app.use(securityHeaders(config.env.NODE_ENV === 'production'));
  app.useGlobalFilters(new ClientErrorsFilter());
  // SNS posts JSON as text/plain; webhooks take the body as text and parse it themselves.
  app.use('/webhooks', text({ type: () => true, limit: '2mb' }));
  app.use(STATIC_PATH, staticAssets());
  const server = app.getHttpServer() as Server;
  // Longer than a load balancer's idle timeout, so it closes first (see HTTP_KEEP_ALIVE_TIMEOUT_MS).
  server.keepAliveTimeout = config.env.HTTP_KEEP_ALIVE_TIMEOUT_MS;
  await app.listen(config.env.HTTP_PORT, config.env.HTTP_HOST);
  const bound = server.address() as AddressInfo;
  // The log names the address the socket really has, not the one we hoped for.
  new Logger('MentorMail').log(
    `HTTP listening on ${hostPort(bound.address, bound.port)} (roles: ${config.env.ROLES.join(',')})`,
  );
  return { app, httpUrl: `http://${reachableHostPort(bound)}`, close: () => app.close() };
}

function hostPort(address: string, port: number): string {
  return isIPv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Where a client on this machine reaches the server: loopback when it listens on every address. */
function reachableHostPort(bound: AddressInfo): string {
  if (bound.address === '0.0.0.0') return hostPort('127.0.0.1', bound.port);
  if (bound.address === '::') return hostPort('::1', bound.port);
  return hostPort(bound.address, bound.port);
}
