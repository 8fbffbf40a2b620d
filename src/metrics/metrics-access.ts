import { createHash, timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Constant time whatever the lengths and characters (a header may carry any latin1 byte). */
function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Who may read the metrics: a caller presenting `Authorization: Bearer <METRICS_TOKEN>`, or one
 * whose address is in METRICS_ALLOW (loopback by default only in an explicit local mode). The
 * counts say how much mail a programme exchanges and how it is going: not for anyone who asks.
 */
export function mayReadMetrics(
  config: AppConfig,
  clientIp: string | undefined,
  authorization?: string,
): boolean {
  const token = config.env.METRICS_TOKEN;
  const bearer = /^Bearer (\S+)$/.exec(authorization ?? '')?.[1];
  if (token && bearer !== undefined && sameSecret(bearer, token)) return true;
  return config.metricsClients.includes(clientIp);
}
