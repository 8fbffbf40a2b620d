import { BlockList, isIP } from 'node:net';

/** One entry of `SMTP_TRUSTED_CLIENTS`: an address, or a CIDR range. */
export interface ClientRange {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Loopback, trusted by default outside production so the CLI's `send` and the tests' SMTP client
 * count as local submissions. Production trusts nobody unless told: a mail server in front of us
 * on loopback would otherwise switch SPF, DKIM and DMARC off for all mail from the internet.
 */
export const DEVELOPMENT_TRUSTED_CLIENTS: readonly ClientRange[] = [
  { address: '127.0.0.1', prefix: 32, family: 'ipv4' },
  { address: '::1', prefix: 128, family: 'ipv6' },
];

/** `10.0.0.0/8`, `::1` or `192.0.2.7`; null when it is neither an address nor a valid range. */
export function parseClientRange(entry: string): ClientRange | null {
  const [address, prefixText, ...rest] = entry.split('/');
  const version = isIP(address);
  if (!version || rest.length > 0) return null;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return null;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * The SMTP clients whose submissions count as local (no SPF, DKIM or DMARC; notices allowed), built
 * once from the validated setting. Matching is Node's `net.BlockList`, which also matches an
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a dual-stack listener reports) to IPv4 ranges.
 */
export class TrustedClients {
  private readonly list = new BlockList();

  constructor(readonly ranges: readonly ClientRange[]) {
    for (const range of ranges) this.list.addSubnet(range.address, range.prefix, range.family);
  }

  includes(ip: string | undefined): boolean {
    const version = ip ? isIP(ip) : 0;
    if (!ip || !version) return false;
    return this.list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
  }
}
