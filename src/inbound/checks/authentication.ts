import { authenticate, dkimVerify, dmarc, type DKIMVerifyResult, type DNSResolver } from 'mailauth';

/**
 * SPF, DKIM and DMARC for mail that reaches us directly (our SMTP listener or the CLI), through
 * the maintained `mailauth` package. The relay addresses are not secrets that prove who wrote a
 * mail (research §4 item 2): a forged From of a participant must not be relayed as theirs, so
 * routing relays only on `pass` and sends `hold` to review, as Discourse does on a DMARC fail.
 *
 * We never read an upstream `Authentication-Results` header: the sender can write one.
 */

export type AuthVerdict = 'pass' | 'hold' | 'none';

export interface AuthVerdicts {
  /** Lower-case results: mailauth's pass|fail|softfail|neutral|none|temperror|permerror, or SES's gray|… */
  spf: string;
  dkim: string;
  dmarc: string;
  verdict: AuthVerdict;
}

export type DnsResolver = DNSResolver;

export interface AuthenticateMessageOptions {
  /** The connecting client's IP; without it SPF cannot be checked (CLI injection). */
  ip?: string;
  helo?: string;
  /** SMTP MAIL FROM; '' for the null sender, for which SPF checks the HELO name (RFC 7208 §2.4). */
  mailFrom?: string;
  /** DNS lookups, `dns.promises.resolve`-shaped; tests pass an in-memory one. */
  resolver?: DnsResolver;
}

/** Runs the checks on the raw message exactly as it arrived and reduces them to one verdict. */
export async function authenticateMessage(
  raw: Buffer,
  opts: AuthenticateMessageOptions,
): Promise<AuthVerdicts> {
  if (!opts.ip) return withoutClientIp(raw, opts);

  const result = await authenticate(raw, {
    ip: opts.ip,
    helo: opts.helo,
    sender: opts.mailFrom,
    resolver: opts.resolver,
    mta: 'mentormail',
    // BIMI is about logos, not trust, and would cost DNS and HTTPS lookups on every message.
    disableBimi: true,
  });
  return decideVerdict({
    spf: result.spf ? result.spf.status.result : 'none',
    dkim: dkimResult(result.dkim),
    dmarc: result.dmarc ? result.dmarc.status.result : 'none',
  });
}

/**
 * Without the client IP only DKIM can be checked. DMARC then can pass (an aligned DKIM pass is
 * enough) but cannot fail, because the SPF half that might have passed is unknown, so anything but
 * a pass is reported as `none`.
 */
async function withoutClientIp(raw: Buffer, opts: AuthenticateMessageOptions): Promise<AuthVerdicts> {
  const verified = await dkimVerify(raw, { resolver: opts.resolver, sender: opts.mailFrom });
  const dkimDomains = verified.results
    .filter((r) => r.status.result === 'pass')
    .map((r) => ({
      id: r.id,
      domain: r.signingDomain,
      aligned: r.status.aligned,
      underSized: r.status.underSized,
    }));
  const dmarcResult =
    dkimDomains.length > 0 && verified.headerFrom?.length
      ? await dmarc({ headerFrom: verified.headerFrom, spfDomains: [], dkimDomains, resolver: opts.resolver })
      : false;
  return decideVerdict({
    spf: 'none',
    dkim: dkimResult(verified),
    dmarc: dmarcResult && dmarcResult.status.result === 'pass' ? 'pass' : 'none',
  });
}

/**
 * One result for all DKIM signatures: any valid signature is a pass. mailauth reports a body that
 * no longer matches its signed hash as `neutral`; we call it `fail`, because a changed body is
 * exactly the tampering a signature exists to reveal.
 */
function dkimResult(verified: DKIMVerifyResult): string {
  const results = verified.results ?? [];
  if (results.some((r) => r.status.result === 'pass')) return 'pass';
  const tampered = (r: (typeof results)[number]) =>
    r.status.result === 'fail' ||
    (r.status.result === 'neutral' && r.status.comment === 'body hash did not verify');
  if (results.some(tampered)) return 'fail';
  return results[0]?.status.result ?? 'none';
}

type SesVerdictValue = string | { status?: string } | undefined;

/**
 * The same rule for mail received through SES, whose receipt carries `spfVerdict`, `dkimVerdict`
 * and `dmarcVerdict` as PASS|FAIL|GRAY|PROCESSING_FAILED|DISABLED (GRAY: nothing to check, such
 * as an unsigned mail). Takes either the bare strings or the `{ status }` objects of the receipt.
 */
export function verdictFromSes(verdicts: {
  spf?: SesVerdictValue;
  dkim?: SesVerdictValue;
  dmarc?: SesVerdictValue;
}): AuthVerdicts {
  const value = (v: SesVerdictValue): string =>
    (typeof v === 'string' ? v : (v?.status ?? 'none')).trim().toLowerCase() || 'none';
  return decideVerdict({
    spf: value(verdicts.spf),
    dkim: value(verdicts.dkim),
    dmarc: value(verdicts.dmarc),
  });
}

/**
 * - `hold` when DMARC fails, or when one of SPF and DKIM fails and the other does not pass: then
 *   nothing vouches for the sender and something speaks against it. (A bare "both fail" would let
 *   through an unsigned forgery of a domain with SPF `-all` and no DMARC record.)
 * - `none` when no check passed or failed: no IP and no signature, or a domain that publishes
 *   nothing. Routing decides what an unauthenticated message may do.
 * - `pass` otherwise: at least one check passed and nothing above failed.
 * Softfail, neutral and DNS errors are neither a pass nor a fail.
 */
export function decideVerdict(results: { spf: string; dkim: string; dmarc: string }): AuthVerdicts {
  const { spf, dkim, dmarc: dmarcResult } = results;
  let verdict: AuthVerdict;
  if (dmarcResult === 'fail' || (spf === 'fail' && dkim !== 'pass') || (dkim === 'fail' && spf !== 'pass')) {
    verdict = 'hold';
  } else if (![spf, dkim, dmarcResult].some((r) => r === 'pass' || r === 'fail')) {
    verdict = 'none';
  } else {
    verdict = 'pass';
  }
  return { spf, dkim, dmarc: dmarcResult, verdict };
}
