import type { DKIMVerifyResult, DNSResolver } from 'mailauth';
import { domainPart, isSameOrSubdomain } from './headers';

/**
 * SPF, DKIM and DMARC for mail that reaches us directly (our SMTP listener or the CLI), through
 * the maintained `mailauth` package. The relay addresses are not secrets that prove who wrote a
 * mail (research §4 item 2): a forged From of a participant must not be relayed as theirs, so
 * routing relays only on `pass` and sends `hold` to review, as Discourse does on a DMARC fail.
 *
 * A pass counts only when it is aligned with the From domain (relaxed, as DMARC: the same
 * organisational domain), also for domains that publish no DMARC record: a valid DKIM signature
 * of the forger's own domain, or SPF for the forger's own envelope or HELO, proves nothing about
 * who wrote `From: member@their-domain`.
 *
 * We never read an upstream `Authentication-Results` header: the sender can write one.
 */

/**
 * `local`: a submission we trust without checks (the CLI, an SMTP client listed in
 * SMTP_TRUSTED_CLIENTS); nothing to verify, so nothing to hold either.
 */
export type AuthVerdict = 'pass' | 'hold' | 'none' | 'local';

/** Which aligned result made the pass: `dmarc`, `dkim`, `spf`, or `none`. */
export type AuthAlignment = 'dmarc' | 'dkim' | 'spf' | 'none';

export interface AuthVerdicts {
  /** Lower-case results: mailauth's pass|fail|softfail|neutral|none|temperror|permerror, or SES's gray|… */
  spf: string;
  dkim: string;
  dmarc: string;
  aligned: AuthAlignment;
  verdict: AuthVerdict;
}

/** Whether the SPF and the DKIM pass (if any) were for the From's organisational domain. */
export interface Alignment {
  spf: boolean;
  dkim: boolean;
}

export const LOCAL_SUBMISSION: AuthVerdicts = {
  spf: 'none',
  dkim: 'none',
  dmarc: 'none',
  aligned: 'none',
  verdict: 'local',
};

export type DnsResolver = DNSResolver;

export interface AuthenticateMessageOptions {
  /** The connecting client's IP; without it SPF cannot be checked (CLI injection). */
  ip?: string;
  helo?: string;
  /**
   * SMTP MAIL FROM; '' for the null sender, for which SPF checks the HELO name (RFC 7208 §2.4):
   * such a pass is never aligned, the HELO name being the connecting host's, not the author's.
   */
  mailFrom?: string;
  /** DNS lookups, `dns.promises.resolve`-shaped; tests pass an in-memory one. */
  resolver?: DnsResolver;
}

/**
 * Loaded on the first check, not with this file: mailauth takes a tenth of a second to load, and
 * CLI commands that only reach the inbound module's services never authenticate anything.
 */
function loadMailauth(): Promise<typeof import('mailauth')> {
  return import('mailauth');
}

/** Runs the checks on the raw message exactly as it arrived and reduces them to one verdict. */
export async function authenticateMessage(
  raw: Buffer,
  opts: AuthenticateMessageOptions,
): Promise<AuthVerdicts> {
  if (!opts.ip) return withoutClientIp(raw, opts);

  const { authenticate } = await loadMailauth();
  const result = await authenticate(raw, {
    ip: opts.ip,
    helo: opts.helo,
    sender: opts.mailFrom,
    resolver: opts.resolver,
    mta: 'mentormail',
    // BIMI is about logos, not trust, and would cost DNS and HTTPS lookups on every message.
    disableBimi: true,
  });
  const spf = result.spf ? result.spf.status.result : 'none';
  // mailauth reports the From's organisational domain with its DMARC result, record or not.
  const orgDomain = result.dmarc ? result.dmarc.domain : '';
  const envelopeDomain = opts.mailFrom ? domainPart(opts.mailFrom) : '';
  return decideVerdict(
    { spf, dkim: dkimResult(result.dkim), dmarc: result.dmarc ? result.dmarc.status.result : 'none' },
    {
      spf: spf === 'pass' && envelopeDomain !== '' && isSameOrSubdomain(envelopeDomain, orgDomain),
      dkim: hasAlignedDkimPass(result.dkim),
    },
  );
}

/** mailauth marks a signature `aligned` when its domain shares the From's organisational domain. */
function hasAlignedDkimPass(verified: DKIMVerifyResult): boolean {
  return (verified.results ?? []).some((r) => r.status.result === 'pass' && Boolean(r.status.aligned));
}

/**
 * Without the client IP only DKIM can be checked. DMARC then can pass (an aligned DKIM pass is
 * enough) but cannot fail, because the SPF half that might have passed is unknown, so anything but
 * a pass is reported as `none`.
 */
async function withoutClientIp(raw: Buffer, opts: AuthenticateMessageOptions): Promise<AuthVerdicts> {
  const { dkimVerify, dmarc } = await loadMailauth();
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
  return decideVerdict(
    {
      spf: 'none',
      dkim: dkimResult(verified),
      dmarc: dmarcResult && dmarcResult.status.result === 'pass' ? 'pass' : 'none',
    },
    { spf: false, dkim: hasAlignedDkimPass(verified) },
  );
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

/** What SES's verdicts leave out and alignment needs: the From, the envelope, the signing domains. */
export interface SesAlignmentFacts {
  from?: string | null;
  envelopeFrom?: string | null;
  /** The `d=` of every DKIM-Signature of the mail. */
  dkimDomains?: string[];
}

/**
 * The same rule for mail received through SES, whose receipt carries `spfVerdict`, `dkimVerdict`
 * and `dmarcVerdict` as PASS|FAIL|GRAY|PROCESSING_FAILED|DISABLED (GRAY: nothing to check, such
 * as an unsigned mail). Takes either the bare strings or the `{ status }` objects of the receipt.
 * SES says neither which domain passed nor the From's organisational domain, so alignment is
 * judged without a public-suffix list, erring towards "not aligned": the envelope's domain (SES's
 * SPF identity) or every signing domain must be the From's domain, a parent or a subdomain of it.
 */
export function verdictFromSes(
  verdicts: { spf?: SesVerdictValue; dkim?: SesVerdictValue; dmarc?: SesVerdictValue },
  facts: SesAlignmentFacts = {},
): AuthVerdicts {
  const value = (v: SesVerdictValue): string =>
    (typeof v === 'string' ? v : (v?.status ?? 'none')).trim().toLowerCase() || 'none';
  const fromDomain = facts.from ? domainPart(facts.from) : '';
  const related = (domain: string) =>
    fromDomain !== '' &&
    domain !== '' &&
    (isSameOrSubdomain(domain, fromDomain) || isSameOrSubdomain(fromDomain, domain));
  const signers = facts.dkimDomains ?? [];
  return decideVerdict(
    { spf: value(verdicts.spf), dkim: value(verdicts.dkim), dmarc: value(verdicts.dmarc) },
    {
      spf: related(facts.envelopeFrom ? domainPart(facts.envelopeFrom) : ''),
      dkim: signers.length > 0 && signers.every(related),
    },
  );
}

/**
 * Only an aligned pass counts as a pass; an unaligned one counts as nothing.
 * - `hold` when DMARC fails, or when one of SPF and DKIM fails and the other has no aligned
 *   pass: then nothing vouches for the sender and something speaks against it. (A bare "both
 *   fail" would let through an unsigned forgery of a domain with SPF `-all` and no DMARC record.)
 * - `pass` when DMARC passes (alignment is part of it), or SPF or DKIM passes aligned.
 * - `none` otherwise: nothing checked, a domain that publishes nothing, or only unaligned passes.
 *   Routing decides what an unauthenticated message may do.
 * Softfail, neutral and DNS errors are neither a pass nor a fail.
 */
export function decideVerdict(
  results: { spf: string; dkim: string; dmarc: string },
  aligned: Alignment,
): AuthVerdicts {
  const { spf, dkim, dmarc: dmarcResult } = results;
  const spfPass = spf === 'pass' && aligned.spf;
  const dkimPass = dkim === 'pass' && aligned.dkim;
  const alignment: AuthAlignment =
    dmarcResult === 'pass' ? 'dmarc' : dkimPass ? 'dkim' : spfPass ? 'spf' : 'none';
  let verdict: AuthVerdict;
  const against = (spf === 'fail' && !dkimPass) || (dkim === 'fail' && !spfPass);
  if (dmarcResult === 'fail' || (dmarcResult !== 'pass' && against)) {
    verdict = 'hold';
  } else {
    verdict = alignment === 'none' ? 'none' : 'pass';
  }
  return { spf, dkim, dmarc: dmarcResult, aligned: alignment, verdict };
}
