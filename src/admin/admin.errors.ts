import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';

/** Domain errors of the admin view; one filter maps them to HTTP for pages and the API alike. */
export class AdminNotFound extends Error {
  constructor(readonly what: string) {
    super(`No such ${what}`);
  }
}

export class AdminInputError extends Error {}

@Catch(AdminNotFound, AdminInputError)
export class AdminErrorFilter implements ExceptionFilter {
  catch(error: Error, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const status = error instanceof AdminNotFound ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST;
    if (req.path.startsWith('/api')) res.status(status).json({ statusCode: status, message: error.message });
    else res.status(status).type('text/plain').send(error.message);
  }
}
