import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'mentormail:public-route';

/** Marks a handler that anyone may call (the login form). Everything else needs a staff member. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Doors owned by other features that authenticate on their own terms: SNS signatures on
 * webhooks, signed tokens in unsubscribe links and one-tap vote links, the random tokens of enrolment's
 * confirmation and guardian-consent links, the health probes, and the
 * metrics (METRICS_TOKEN or METRICS_ALLOW: see metrics-access.ts).
 */
export const OPEN_PATH_PREFIXES = [
  '/health',
  '/metrics',
  '/webhooks',
  '/u',
  '/v',
  '/confirm',
  '/consent',
] as const;

export function isOpenPath(path: string): boolean {
  return OPEN_PATH_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`));
}
