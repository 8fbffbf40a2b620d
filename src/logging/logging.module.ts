import { Module, RequestMethod, type INestApplicationContext } from '@nestjs/common';
import { Logger, LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { createAppLogger } from './app-logger';
import { httpLogOptions } from './http-logging';

/**
 * nestjs-pino wired to our logger: every `new Logger(Context)` call becomes a JSON line with its
 * context, and lines logged while serving a request carry its id. nestjs-pino keeps one logger per
 * process (the first app built in a process decides level and format), which is what a process
 * running one app needs; the tests that read log lines boot their app first in their own file.
 */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => ({
        pinoHttp: { logger: await createAppLogger(config), ...httpLogOptions() },
        // path-to-regexp 8's spelling of "every route" (Nest 11 warns about a bare `*`).
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
      }),
    }),
  ],
})
export class LoggingModule {}

/** Hands Nest's own logging (and every `new Logger()`) to pino; call before init or listen. */
export function usePinoLogger(app: INestApplicationContext): void {
  app.useLogger(app.get(Logger));
}
