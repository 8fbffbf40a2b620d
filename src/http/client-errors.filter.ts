import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { HttpError } from 'http-errors';

/**
 * Express's body parsers and static files refuse a request with an http-errors error (415 for a
 * charset they do not read, 400 for broken JSON, 413, 416). Nest's fallback answers these right
 * but logs each at error level with its stack, so anyone could fill the error log by posting junk.
 * A client's mistake is answered as Nest would and noted at debug level; a 5xx or an error not
 * meant for the client still goes to the error log, with the generic answer.
 */
@Catch(HttpError)
export class ClientErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: HttpError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const client = error.status < 500 && error.expose;
    if (client) this.logger.debug({ status: error.status, type: error.type as unknown }, error.message);
    else this.logger.error(error);
    if (res.headersSent) {
      res.end();
      return;
    }
    const status = client ? error.status : 500;
    res
      .status(status)
      .json({ statusCode: status, message: client ? error.message : 'Internal server error' });
  }
}
