import type { StaffRequest } from '../auth/staff.guard';
import type { PageContext } from '../html/layout';

/** The guard has run, so a page request always carries a staff member with a session. */
export function pageContext(req: StaffRequest): PageContext & { staffId: string } {
  const staff = req.staff!;
  return {
    staffId: staff.staffId,
    staffEmail: staff.email,
    csrfToken: staff.csrfToken ?? '',
    path: req.path,
  };
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T | undefined {
  return allowed.includes(value as T) ? (value as T) : undefined;
}

export function dateParam(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
