import type { CookieOptions, Request } from 'express';
import cookieParser from 'cookie-parser';
import type { AppConfig } from '../../config/app-config';

export const SESSION_COOKIE = 'mm_session';
/** Double-submit token for the login form, which has no session to hold a synchronizer token yet. */
export const LOGIN_CSRF_COOKIE = 'mm_login_csrf';

/** httpOnly and SameSite=Lax always; Secure everywhere but local development and tests. */
export function cookieOptions(config: AppConfig, expires?: Date): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.env.NODE_ENV === 'production',
    path: '/',
    ...(expires ? { expires } : {}),
  };
}

const parse = cookieParser();

/** Cookies of any request, parsed on demand: the guard also sees routes no middleware was mounted on. */
export function readCookie(req: Request, name: string): string | undefined {
  if (!req.cookies) parse(req, {} as never, () => undefined);
  const value: unknown = (req.cookies as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value ? value : undefined;
}
