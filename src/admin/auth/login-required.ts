import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';

/** Thrown by the staff guard; the filter answers 401 to the API and sends people to the login form. */
export class LoginRequired extends Error {
  constructor(readonly why: 'no_session' | 'csrf') {
    super(why === 'csrf' ? 'Form expired or forged; reload the page and try again.' : 'Login required');
  }
}

export function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

@Catch(LoginRequired)
export class LoginRequiredFilter implements ExceptionFilter {
  catch(error: LoginRequired, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (error.why === 'csrf') {
      res.status(HttpStatus.FORBIDDEN).type('text/plain').send(error.message);
    } else if (isApiPath(req.path)) {
      res.status(HttpStatus.UNAUTHORIZED).json({ statusCode: 401, message: 'Login or API token required' });
    } else {
      const next = req.method === 'GET' && req.path.startsWith('/admin') ? req.originalUrl : '/admin';
      res.redirect(302, `/admin/login?next=${encodeURIComponent(next)}`);
    }
  }
}
