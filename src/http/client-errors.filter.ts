import { STATUS_CODES } from 'node:http';
import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { HttpError } from 'http-errors';

/**
 * Express's body parsers and static files refuse a request with an http-errors error (415 for a
 * charset they do not read, 400 for broken JSON, 413, 416). Nest's fallback answers these right
 * but logs each at error level with its stack, so anyone could fill the error log by posting junk.
 * A client's mistake is answered as Nest would and noted at debug level; a 5xx still goes to the
 * error log.
 */
@Catch(HttpError)
export class ClientErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: HttpError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const status = error.status >= 400 && error.status < 600 ? error.status : 500;
    if (status < 500) this.logger.debug({ status, type: error.type as unknown }, error.message);
    else this.logger.error(error);
    if (res.headersSent) {
      res.end();
      return;
    }
    // An error not marked for the client says only its status's name.
    const message = error.expose ? error.message : (STATUS_CODES[status] ?? 'Error');
    res.status(status).json({ statusCode: status, message });
  }
}
