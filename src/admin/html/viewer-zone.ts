import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import { IANAZone } from 'luxon';
import { readCookie } from '../auth/session-cookie';

/** The viewer's time zone, chosen on the account page; kept per browser, like a display preference. */
export const ZONE_COOKIE = 'mm_tz';

const zoneOfRequest = new AsyncLocalStorage<string>();

export function validZone(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 64 && IANAZone.isValidZone(value) ? value : undefined;
}

/**
 * Every admin page request runs inside its viewer's zone, so `when()` deep in any page shows local
 * times without each page passing the zone down; UTC until the viewer picks one.
 */
export function viewerZoneMiddleware(req: Request, _res: Response, next: NextFunction): void {
  zoneOfRequest.run(validZone(readCookie(req, ZONE_COOKIE)) ?? 'UTC', next);
}

export function viewerZone(): string {
  return zoneOfRequest.getStore() ?? 'UTC';
}

/** Every IANA zone the runtime knows, for the picker. */
export function allZones(): string[] {
  return Intl.supportedValuesOf('timeZone');
}
