import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

type Directives = Record<string, string[]>;

/**
 * Every response, JSON included: nothing may load, run or frame it unless a route says so. The
 * admin pages, the unsubscribe page, the queue board and the API docs each replace the policy
 * with their own (all keep frame-ancestors 'none', so no page can be framed for clickjacking).
 */
export const DEFAULT_CSP: Directives = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
};

/**
 * Single-page apps served from our own files (bull-board, swagger-ui): scripts, styles and
 * calls to this origin only. Both render inline style attributes, hence 'unsafe-inline' for
 * styles (never for scripts). bull-board's page sets <base href> to its mount, hence base-uri.
 */
export const LOCAL_APP_CSP: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

/** helmet's set (nosniff, Referrer-Policy, COOP/CORP, X-Frame-Options...) with our policy; HSTS in production. */
export function securityHeaders(production: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: DEFAULT_CSP },
    strictTransportSecurity: production ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** Replaces the policy for the routes behind it (a mount serving its own app). */
export function contentSecurityPolicy(directives: Directives): RequestHandler {
  return helmet.contentSecurityPolicy({ useDefaults: false, directives });
}

/**
 * The policy of a small page that is one inline stylesheet and forms posting back to itself (the
 * unsubscribe and vote pages): that stylesheet by hash, and nothing else may load or run.
 */
export function selfPostingPageCsp(css: string): string {
  return [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(css).digest('base64')}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}
