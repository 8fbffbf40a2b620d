import {
  Catch,
  HttpException,
  HttpStatus,
  InternalServerErrorException,
  Logger,
  type ArgumentsHost,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, type Observable } from 'rxjs';
import type { StaffRequest } from './auth/staff.guard';
import { ADMIN_CSP } from './html/styles';
import { errorPage } from './pages/error.page';

/** Domain errors of the admin view; one filter maps them to HTTP for pages and the API alike. */
export class AdminNotFound extends Error {
  constructor(readonly what: string) {
    super(`No such ${what}`);
  }
}

export class AdminInputError extends Error {}

/** The admin's web pages (not its API, not bull-board, which answers for itself). */
export function isAdminPagePath(path: string): boolean {
  return (path === '/admin' || path.startsWith('/admin/')) && !path.startsWith('/admin/queues');
}

/**
 * Staff see errors as pages of the admin, with the navigation and the real status code (404, 400,
 * 413, 500), so a wrong link or a refused form leaves them somewhere they can go on from. The API
 * keeps JSON; any other path keeps Nest's own answer.
 */
@Catch(AdminNotFound, AdminInputError, HttpException)
export class AdminErrorFilter extends BaseExceptionFilter {
  override catch(error: Error, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<StaffRequest>();
    const res = host.switchToHttp().getResponse<Response>();
    const status =
      error instanceof HttpException
        ? error.getStatus()
        : error instanceof AdminNotFound
          ? HttpStatus.NOT_FOUND
          : HttpStatus.BAD_REQUEST;
    if (error instanceof HttpException && !isAdminPagePath(req.path)) return super.catch(error, host);
    if (req.path.startsWith('/api')) res.status(status).json({ statusCode: status, message: error.message });
    else if (!isAdminPagePath(req.path)) res.status(status).type('text/plain').send(error.message);
    else {
      const staff = req.staff;
      const ctx = staff
        ? { staffEmail: staff.email, csrfToken: staff.csrfToken ?? '', path: req.path }
        : undefined;
      res.setHeader('Content-Security-Policy', ADMIN_CSP);
      res.setHeader('Cache-Control', 'no-store');
      res
        .status(status)
        .type('html')
        .send(errorPage(ctx, status, publicMessage(error, status)));
    }
  }
}

/** A 500's own message may carry internals; staff get a plain sentence, the log gets the error. */
function publicMessage(error: Error, status: number): string {
  if (status >= 500) return 'Something went wrong on our side. The error is logged; try again in a moment.';
  if (status === 404 && error instanceof HttpException && /^Cannot (GET|POST)/.test(error.message)) {
    return 'There is no page at this address.';
  }
  return error.message;
}

/**
 * An unexpected error in an admin page becomes a 500 the filter above renders as a page; logged
 * here with the route, since the filter only sees the replacement. Domain and HTTP errors pass as they are.
 */
export class AdminPageErrorsInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AdminPage');

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (context.getType() !== 'http' || !isAdminPagePath(req.path)) return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (
          error instanceof HttpException ||
          error instanceof AdminNotFound ||
          error instanceof AdminInputError
        ) {
          throw error;
        }
        this.logger.error(
          `${req.method} ${req.route?.path ?? req.path} failed`,
          error instanceof Error ? error.stack : String(error),
        );
        throw new InternalServerErrorException();
      }),
    );
  }
}
