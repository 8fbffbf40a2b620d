import type { NextFunction, Request, Response } from 'express';
import { isApiPath } from '../auth/login-required';
import type { StaffGuard } from '../auth/staff.guard';

/**
 * The same login in front of express apps mounted outside Nest's router (bull-board, the API
 * docs). Their state-changing calls are same-origin fetches without our CSRF field, so a
 * cross-site request is refused by its Fetch Metadata / Origin instead (SameSite=Lax covers
 * older browsers, which do not send the cookie on a cross-site POST).
 */
export function requireStaff(guard: StaffGuard) {
  return (req: Request, res: Response, next: NextFunction): void => {
    guard.identify(req).then(
      (staff) => {
        if (!staff) {
          if (isApiPath(req.originalUrl))
            res.status(401).json({ statusCode: 401, message: 'Login required' });
          else res.redirect(302, `/admin/login?next=${encodeURIComponent(req.originalUrl)}`);
          return;
        }
        const site = req.headers['sec-fetch-site'];
        const origin = req.headers.origin;
        const crossSite = site
          ? site !== 'same-origin' && site !== 'none'
          : !!origin && new URL(origin).host !== req.headers.host;
        if (!['GET', 'HEAD'].includes(req.method) && crossSite) {
          res.status(403).type('text/plain').send('Cross-site request refused');
          return;
        }
        next();
      },
      (error: unknown) => next(error),
    );
  };
}
