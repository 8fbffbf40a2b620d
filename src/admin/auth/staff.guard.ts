import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { LoginRequired, isApiPath } from './login-required';
import { PUBLIC_ROUTE, isOpenPath } from './public.decorator';
import { SESSION_COOKIE, readCookie } from './session-cookie';
import { StaffAuthService, type StaffIdentity } from './staff-auth.service';
import { sameToken } from './tokens';

export type StaffRequest = Request & { staff?: StaffIdentity };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Installed globally, so a route is closed unless it says otherwise: a new controller that forgets
 * about access is refused, not exposed. Checks the session cookie (or, under /api, a staff API
 * token) and the CSRF token of every state-changing request made with a cookie.
 */
@Injectable()
export class StaffGuard implements CanActivate {
  constructor(
    private readonly auth: StaffAuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<StaffRequest>();
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic || isOpenPath(req.path)) return true;
    req.staff = (await this.identify(req)) ?? undefined;
    if (!req.staff) throw new LoginRequired('no_session');
    if (req.staff.csrfToken && !SAFE_METHODS.has(req.method) && !this.csrfMatches(req, req.staff.csrfToken)) {
      throw new LoginRequired('csrf');
    }
    return true;
  }

  /** Used by the non-Nest mounts (bull-board, API docs) that sit behind the same login. */
  async identify(req: Request): Promise<StaffIdentity | null> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    // baseUrl too: under an express mount (the API docs) `path` is relative to the mount point.
    if (bearer && isApiPath(req.baseUrl + req.path)) return this.auth.fromApiToken(bearer);
    const cookie = readCookie(req, SESSION_COOKIE);
    return cookie ? this.auth.fromSession(cookie) : null;
  }

  private csrfMatches(req: Request, expected: string): boolean {
    const body = req.body as Record<string, unknown> | undefined;
    return sameToken(body?._csrf ?? req.headers['x-csrf-token'], expected);
  }
}
