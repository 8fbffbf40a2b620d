import type { NextFunction, Request, Response } from 'express';
import { isApiPath } from '../auth/login-required';
import type { StaffGuard } from '../auth/staff.guard';

/** The host of an Origin header, or null for `null`, junk and anything that is not a URL. */
function originHost(origin: string): string | null {
  if (!URL.canParse(origin)) return null;
  return new URL(origin).host || null;
}

/**
 * Fetch Metadata when the browser sends it, else the Origin header. An Origin we cannot read
 * (`null` from a sandboxed frame or a redirect chain, junk) counts as cross-site.
 */
export function isCrossSite(req: Request): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site) return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  return origin !== undefined && originHost(origin) !== req.headers.host;
}

/**
 * The same login in front of express apps mounted outside Nest's router (bull-board, the API
 * docs). Their state-changing calls are same-origin fetches without our CSRF field, so a
 * cross-site request is refused by its Fetch Metadata / Origin instead (SameSite=Lax covers
 * older browsers, which do not send the cookie on a cross-site POST).
 */
export function requireStaff(guard: StaffGuard) {
  const check = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const staff = await guard.identify(req);
    if (!staff) {
      if (isApiPath(req.originalUrl)) res.status(401).json({ statusCode: 401, message: 'Login required' });
      else res.redirect(302, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (!['GET', 'HEAD'].includes(req.method) && isCrossSite(req)) {
      res.status(403).type('text/plain').send('Cross-site request refused');
      return;
    }
    next();
  };
  // Anything thrown, here or by the guard, goes to express's error handler: never an unhandled rejection.
  return (req: Request, res: Response, next: NextFunction): void => {
    check(req, res, next).catch(next);
  };
}
