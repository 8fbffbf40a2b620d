import type { Resolver } from 'node:dns/promises';
import type { DnsRecord } from './dns-records';

/** The part of node:dns/promises' Resolver the check uses; tests hand in a fake zone. */
export type DnsResolver = Pick<Resolver, 'resolveMx' | 'resolveTxt' | 'resolveCname'>;

export type RecordStatus = 'ok' | 'missing' | 'wrong' | 'unresolved';

export interface RecordCheck {
  record: DnsRecord;
  status: RecordStatus;
  /** What was found at the name (joined TXT strings, MX hosts, CNAME targets). */
  found: string[];
  /** One sentence for the deployer: what is wrong and what to do. Empty when ok. */
  detail: string;
}

export interface DnsCheckResult {
  checkedAt: Date;
  /** False when any record that is not optional is missing, wrong or could not be resolved. */
  ok: boolean;
  records: RecordCheck[];
}

// The name has no record of that type: the record is missing, not the lookup broken.
const ABSENT = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);

const bareHost = (host: string) => host.toLowerCase().replace(/\.$/, '');

/** `k=v; k=v` tags, keys lower-cased, values with blanks removed (DKIM's p= may be split by spaces). */
function tags(value: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const part of value.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) map.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).replace(/\s+/g, ''));
  }
  return map;
}

function judgeMx(expected: string, found: string[]): Omit<RecordCheck, 'record' | 'found'> {
  const host = bareHost(expected.split(' ').pop() ?? '');
  if (found.map(bareHost).includes(host)) return { status: 'ok', detail: '' };
  return { status: 'wrong', detail: `MX points to ${found.join(', ')}, not ${host}` };
}

function judgeCname(expected: string, found: string[]): Omit<RecordCheck, 'record' | 'found'> {
  if (found.map(bareHost).includes(bareHost(expected))) return { status: 'ok', detail: '' };
  return { status: 'wrong', detail: `CNAME points to ${found.join(', ')}, not ${expected}` };
}

/** SPF: exactly one v=spf1 record, with every expected mechanism and a fail or softfail `all`. */
function judgeSpf(expected: string, found: string[]): Omit<RecordCheck, 'record' | 'found'> {
  const spf = found.filter((r) => /^v=spf1(\s|$)/i.test(r));
  if (spf.length === 0) return { status: 'missing', detail: 'no v=spf1 record' };
  if (spf.length > 1)
    return {
      status: 'wrong',
      detail: `${spf.length} SPF records: receivers treat that as an error (RFC 7208 4.5); merge them`,
    };
  const have = new Set(spf[0].toLowerCase().split(/\s+/));
  const want = expected.toLowerCase().split(/\s+/).slice(1, -1);
  const lacking = want.filter((m) => !have.has(m));
  if (lacking.length) return { status: 'wrong', detail: `SPF lacks ${lacking.join(' ')}` };
  if (!have.has('~all') && !have.has('-all'))
    return {
      status: 'wrong',
      detail: 'SPF must end in ~all or -all (anything else lets anyone send as the domain)',
    };
  return { status: 'ok', detail: '' };
}

/** DMARC, TLS-RPT and DKIM keys: the record of that version whose expected tags are all present. */
function judgeTags(record: DnsRecord, found: string[]): Omit<RecordCheck, 'record' | 'found'> {
  const want = tags(record.value);
  const version = want.get('v');
  const isDkim = record.id.startsWith('dkim:');
  // A DKIM key record may leave out v=DKIM1; every other kind is recognised by its version tag.
  const candidates = found.filter((r) =>
    isDkim ? tags(r).has('p') : tags(r).get('v')?.toLowerCase() === version?.toLowerCase(),
  );
  if (candidates.length === 0)
    return { status: 'missing', detail: `no ${isDkim ? 'DKIM key' : version} record` };
  if (candidates.length > 1)
    return { status: 'wrong', detail: `${candidates.length} ${version} records; keep one` };
  const have = tags(candidates[0]);
  const differing = [...want.entries()]
    .filter(([key]) => key !== 'v')
    .filter(([key, value]) => (have.get(key) ?? '').toLowerCase() !== value.toLowerCase())
    .map(([key]) => key);
  if (differing.length === 0) return { status: 'ok', detail: '' };
  if (isDkim && differing.includes('p'))
    return {
      status: 'wrong',
      detail: 'the published p= is not the public half of the configured private key',
    };
  return {
    status: 'wrong',
    detail: differing
      .map((key) => `${key}=${have.get(key) ?? '(absent)'}, expected ${key}=${want.get(key)}`)
      .join('; '),
  };
}

async function lookUp(resolver: DnsResolver, record: DnsRecord): Promise<string[]> {
  switch (record.type) {
    case 'MX':
      return (await resolver.resolveMx(record.name)).map((mx) => mx.exchange);
    case 'CNAME':
      return resolver.resolveCname(record.name);
    case 'TXT':
      return (await resolver.resolveTxt(record.name)).map((chunks) => chunks.join(''));
  }
}

export async function checkRecord(resolver: DnsResolver, record: DnsRecord): Promise<RecordCheck> {
  let found: string[];
  try {
    found = await lookUp(resolver, record);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (ABSENT.has(code))
      return { record, status: 'missing', found: [], detail: `no ${record.type} record at ${record.name}` };
    return {
      record,
      status: 'unresolved',
      found: [],
      detail: `lookup failed (${code || (error as Error).message})`,
    };
  }
  if (found.length === 0)
    return { record, status: 'missing', found, detail: `no ${record.type} record at ${record.name}` };
  const verdict =
    record.type === 'MX'
      ? judgeMx(record.value, found)
      : record.type === 'CNAME'
        ? judgeCname(record.value, found)
        : /^v=spf1/i.test(record.value)
          ? judgeSpf(record.value, found)
          : judgeTags(record, found);
  return { record, found, ...verdict };
}

/** Resolves every record (in parallel: a dozen lookups) and judges each one. */
export async function checkRecords(
  resolver: DnsResolver,
  records: DnsRecord[],
  now: Date = new Date(),
): Promise<DnsCheckResult> {
  const checks = await Promise.all(records.map((r) => checkRecord(resolver, r)));
  return {
    checkedAt: now,
    ok: checks.every((c) => c.status === 'ok' || c.record.optional),
    records: checks,
  };
}
