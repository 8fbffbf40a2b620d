import { Module, RequestMethod, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { Logger, LoggerModule, PinoLogger, type Params } from 'nestjs-pino';
import type { Logger as Pino } from 'pino';
import { AppConfig } from '../config/app-config';
import { createAppLogger } from './app-logger';
import { httpLogOptions } from './http-logging';

/**
 * nestjs-pino wired to our logger: every `new Logger(Context)` call becomes a JSON line with its
 * context, and lines logged while serving a request carry its id. nestjs-pino keeps one logger per
 * process (the first app built in a process decides level and format), which is what a process
 * running one app needs; the tests that read log lines boot their app first in their own file.
 */
@Module({})
export class LoggingModule {
  /** `logger`: the one bootstrap.ts built before Nest started; otherwise built from the configuration. */
  static forRoot(logger?: Pino): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: async (config: AppConfig): Promise<Params> => ({
            pinoHttp: { logger: logger ?? (await createAppLogger(config)), ...httpLogOptions() },
            // path-to-regexp 8's spelling of "every route" (Nest 11 warns about a bare `*`).
            forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          }),
        }),
      ],
    };
  }
}

/**
 * Nest's logger over `logger`, for NestFactory itself: the boot's own lines (and a database that
 * does not answer at start) are JSON lines from the first one, not a buffer printed at the end.
 */
export function nestLogger(logger: Pino): Logger {
  const params: Params = { pinoHttp: { logger } };
  return new Logger(new PinoLogger(params), params);
}

/** Hands Nest's own logging (and every `new Logger()`) to pino; for an app built without nestLogger. */
export function usePinoLogger(app: INestApplicationContext): void {
  app.useLogger(app.get(Logger));
}
