import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { authenticateMessage, decideVerdict, verdictFromSes, type DnsResolver } from './authentication';

/**
 * Real signatures and real DNS answers, from an in-memory zone: the mail is signed with mailauth's
 * own dkimSign, and mailauth verifies it against the key published here.
 */
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const DKIM_KEY = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

const ALLOWED_IP = '192.0.2.10';
const OTHER_IP = '198.51.100.7';

const ZONE: Record<string, string[]> = {
  // example.com: SPF hard fail, DMARC reject, a DKIM key.
  'example.com': [`v=spf1 ip4:${ALLOWED_IP} -all`],
  '_dmarc.example.com': ['v=DMARC1; p=reject; adkim=r; aspf=r'],
  'sel._domainkey.example.com': [`v=DKIM1; k=rsa; p=${DKIM_KEY}`],
  // nodmarc.example: SPF hard fail and a DKIM key, but no DMARC record.
  'nodmarc.example': [`v=spf1 ip4:${ALLOWED_IP} -all`],
  'sel._domainkey.nodmarc.example': [`v=DKIM1; k=rsa; p=${DKIM_KEY}`],
  // bare.example publishes nothing.
  // attacker.example: its own SPF and DKIM key, all valid (for its own name only).
  'attacker.example': [`v=spf1 ip4:${ALLOWED_IP} -all`],
  'mx.attacker.example': [`v=spf1 ip4:${ALLOWED_IP} -all`],
  'sel._domainkey.attacker.example': [`v=DKIM1; k=rsa; p=${DKIM_KEY}`],
};

const lookups: string[] = [];
const resolver: DnsResolver = async (name, rrtype) => {
  lookups.push(`${rrtype} ${name}`);
  const records = rrtype === 'TXT' ? ZONE[name.toLowerCase()] : undefined;
  if (!records) throw Object.assign(new Error(`${rrtype} ${name} not found`), { code: 'ENOTFOUND' });
  // dns.promises.resolveTxt shape: each record is an array of strings of at most 255 characters.
  return records.map((record) => record.match(/.{1,255}/g) ?? []);
};

function message(
  domain: string,
  subject = 'Week 3: what I tried',
  body = 'I tried the pomodoro idea.',
): string {
  return [
    `From: Ann Mentee <ann@${domain}>`,
    'To: m-k3x9q2@relay.mentormail.test',
    `Subject: ${subject}`,
    'Date: Tue, 14 Apr 2026 11:00:00 +0000',
    `Message-ID: <auth-test@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    '',
  ].join('\r\n');
}

/** `message(domain)` with a valid signature of `signingDomain` (by default its own). */
async function signed(domain: string, signingDomain = domain): Promise<string> {
  const raw = message(domain);
  const key = {
    signingDomain,
    selector: 'sel',
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }),
  };
  // mailauth signs only what is listed in signatureData; its typings also require the top-level keys.
  // signTime given, as the service does: left out, mailauth reads the clock twice and a
  // signature made across a half-second carries a t= other than the one it signed.
  const result = await dkimSign(raw, { ...key, signatureData: [key], signTime: new Date() });
  expect(result.errors).toEqual([]);
  return result.signatures + raw;
}

const run = (raw: string, ip?: string, domain = 'example.com') =>
  authenticateMessage(Buffer.from(raw), {
    ip,
    helo: 'mail.sender.example',
    mailFrom: `ann@${domain}`,
    resolver,
  });

describe('authenticateMessage (mailauth with an in-memory DNS)', () => {
  beforeEach(() => lookups.splice(0));

  it('passes a signed mail from an allowed IP', async () => {
    expect(await run(await signed('example.com'), ALLOWED_IP)).toEqual({
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      aligned: 'dmarc',
      verdict: 'pass',
    });
    // The checks really went to the injected DNS.
    expect(lookups).toEqual(
      expect.arrayContaining(['TXT example.com', 'TXT _dmarc.example.com', 'TXT sel._domainkey.example.com']),
    );
  });

  it('passes a signed mail relayed from another IP: DKIM alone satisfies DMARC', async () => {
    expect(await run(await signed('example.com'), OTHER_IP)).toEqual({
      spf: 'fail',
      dkim: 'pass',
      dmarc: 'pass',
      aligned: 'dmarc',
      verdict: 'pass',
    });
  });

  it('fails DKIM when the body was changed after signing, and holds when SPF fails too', async () => {
    const tampered = (await signed('example.com')).replace('pomodoro', 'Pomodoro');
    expect(await run(tampered, OTHER_IP)).toEqual({
      spf: 'fail',
      dkim: 'fail',
      dmarc: 'fail',
      aligned: 'none',
      verdict: 'hold',
    });
    // From the sender's own IP, SPF still authenticates the domain and DMARC passes on it.
    expect(await run(tampered, ALLOWED_IP)).toEqual({
      spf: 'pass',
      dkim: 'fail',
      dmarc: 'pass',
      aligned: 'dmarc',
      verdict: 'pass',
    });
  });

  it('fails DKIM when a signed header was changed', async () => {
    const tampered = (await signed('nodmarc.example')).replace('Subject: Week 3', 'Subject: Week 4');
    // No DMARC record: the hold comes from SPF and DKIM both failing.
    expect(await run(tampered, OTHER_IP, 'nodmarc.example')).toEqual({
      spf: 'fail',
      dkim: 'fail',
      dmarc: 'none',
      aligned: 'none',
      verdict: 'hold',
    });
  });

  it('holds an unsigned forgery of a domain with SPF -all even without DMARC', async () => {
    expect(await run(message('nodmarc.example'), OTHER_IP, 'nodmarc.example')).toEqual({
      spf: 'fail',
      dkim: 'none',
      dmarc: 'none',
      aligned: 'none',
      verdict: 'hold',
    });
  });

  it('holds an unsigned mail that fails DMARC', async () => {
    expect((await run(message('example.com'), OTHER_IP)).verdict).toBe('hold');
  });

  it('reports none for a domain that publishes nothing', async () => {
    expect(await run(message('bare.example'), OTHER_IP, 'bare.example')).toEqual({
      spf: 'none',
      dkim: 'none',
      dmarc: 'none',
      aligned: 'none',
      verdict: 'none',
    });
  });

  describe('alignment with the From domain (no DMARC record to demand it)', () => {
    it('does not count a valid signature of an unrelated domain', async () => {
      const verdicts = await run(await signed('bare.example', 'attacker.example'), OTHER_IP, 'bare.example');
      expect(verdicts).toMatchObject({ dkim: 'pass', aligned: 'none', verdict: 'none' });
    });

    // SPF passes from ALLOWED_IP for attacker.example's names, but they are not the From's.
    const fromAttackerHost = (mailFrom: string, helo: string) =>
      authenticateMessage(Buffer.from(message('bare.example')), { ip: ALLOWED_IP, helo, mailFrom, resolver });

    it('does not count SPF for the HELO name of a null sender', async () => {
      expect(await fromAttackerHost('', 'attacker.example')).toMatchObject({
        spf: 'pass',
        aligned: 'none',
        verdict: 'none',
      });
    });

    it('does not count SPF for an envelope of another domain', async () => {
      expect(await fromAttackerHost('x@attacker.example', 'mx.attacker.example')).toMatchObject({
        spf: 'pass',
        aligned: 'none',
        verdict: 'none',
      });
    });

    it('counts SPF for the From domain and DKIM of its own domain', async () => {
      expect(await run(message('nodmarc.example'), ALLOWED_IP, 'nodmarc.example')).toMatchObject({
        spf: 'pass',
        aligned: 'spf',
        verdict: 'pass',
      });
      expect(await run(await signed('nodmarc.example'), undefined, 'nodmarc.example')).toMatchObject({
        dkim: 'pass',
        aligned: 'dkim',
        verdict: 'pass',
      });
    });
  });

  describe('without a client IP (CLI injection)', () => {
    it('reports none for an unsigned mail, even from a DMARC reject domain', async () => {
      expect(await run(message('example.com'))).toEqual({
        spf: 'none',
        dkim: 'none',
        dmarc: 'none',
        aligned: 'none',
        verdict: 'none',
      });
      expect(lookups.some((l) => l === 'TXT example.com')).toBe(false);
    });

    it('still verifies DKIM and lets an aligned signature pass DMARC', async () => {
      expect(await run(await signed('example.com'))).toEqual({
        spf: 'none',
        dkim: 'pass',
        dmarc: 'pass',
        aligned: 'dmarc',
        verdict: 'pass',
      });
    });

    it('holds a signed mail whose body was changed', async () => {
      const tampered = (await signed('example.com')).replace('pomodoro', 'Pomodoro');
      expect(await run(tampered)).toEqual({
        spf: 'none',
        dkim: 'fail',
        dmarc: 'none',
        aligned: 'none',
        verdict: 'hold',
      });
    });
  });
});

describe('decideVerdict', () => {
  const both = { spf: true, dkim: true };
  const neither = { spf: false, dkim: false };
  it.each([
    ['pass', 'pass', 'pass', both, 'pass'],
    ['fail', 'pass', 'none', both, 'pass'],
    ['pass', 'fail', 'none', both, 'pass'],
    ['pass', 'none', 'none', both, 'pass'],
    ['none', 'pass', 'none', both, 'pass'],
    ['pass', 'pass', 'fail', both, 'hold'],
    ['fail', 'fail', 'none', both, 'hold'],
    ['fail', 'none', 'none', both, 'hold'],
    ['softfail', 'fail', 'none', both, 'hold'],
    ['softfail', 'none', 'none', both, 'none'],
    ['none', 'none', 'none', both, 'none'],
    ['temperror', 'neutral', 'none', both, 'none'],
    // An unaligned pass proves nothing about the From: it counts as no pass at all.
    ['pass', 'pass', 'none', neither, 'none'],
    ['none', 'pass', 'none', neither, 'none'],
    ['pass', 'none', 'none', neither, 'none'],
    ['fail', 'pass', 'none', neither, 'hold'],
    ['pass', 'fail', 'none', neither, 'hold'],
    ['pass', 'pass', 'none', { spf: true, dkim: false }, 'pass'],
    ['pass', 'pass', 'pass', neither, 'pass'],
  ])('spf=%s dkim=%s dmarc=%s aligned=%j → %s', (spf, dkim, dmarc, aligned, verdict) => {
    expect(decideVerdict({ spf, dkim, dmarc }, aligned).verdict).toBe(verdict);
  });
});

describe('verdictFromSes', () => {
  const facts = { from: 'ann@example.com', envelopeFrom: 'ann@example.com', dkimDomains: ['example.com'] };

  it('applies the same rule to SES receipt verdicts', () => {
    expect(verdictFromSes({ spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' }, facts)).toEqual({
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      aligned: 'dmarc',
      verdict: 'pass',
    });
    expect(verdictFromSes({ spf: 'PASS', dkim: 'GRAY', dmarc: 'FAIL' }, facts).verdict).toBe('hold');
    expect(verdictFromSes({ spf: 'FAIL', dkim: 'FAIL', dmarc: 'GRAY' }, facts).verdict).toBe('hold');
    expect(verdictFromSes({ spf: 'FAIL', dkim: 'PASS', dmarc: 'GRAY' }, facts).verdict).toBe('pass');
  });

  it('counts a pass only when the envelope or every signature belongs to the From domain', () => {
    const verdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'GRAY' };
    const foreign = {
      from: 'ann@example.com',
      envelopeFrom: 'x@attacker.example',
      dkimDomains: ['attacker.example'],
    };
    expect(verdictFromSes(verdicts, foreign)).toMatchObject({ aligned: 'none', verdict: 'none' });
    expect(verdictFromSes(verdicts, { ...foreign, dkimDomains: ['mail.example.com'] })).toMatchObject({
      aligned: 'dkim',
      verdict: 'pass',
    });
    expect(
      verdictFromSes(verdicts, { ...foreign, envelopeFrom: 'bounce@bounces.example.com' }),
    ).toMatchObject({
      aligned: 'spf',
      verdict: 'pass',
    });
    // One foreign signature among aligned ones: SES does not say which one passed.
    expect(
      verdictFromSes(verdicts, { ...foreign, dkimDomains: ['example.com', 'attacker.example'] }).aligned,
    ).toBe('none');
    expect(verdictFromSes(verdicts).verdict).toBe('none');
  });

  it('reads the { status } objects of the receipt and treats missing or disabled checks as unknown', () => {
    expect(
      verdictFromSes({ spf: { status: 'GRAY' }, dkim: { status: 'DISABLED' }, dmarc: undefined }, facts),
    ).toEqual({
      spf: 'gray',
      dkim: 'disabled',
      dmarc: 'none',
      aligned: 'none',
      verdict: 'none',
    });
    expect(
      verdictFromSes({ spf: { status: 'PROCESSING_FAILED' }, dkim: { status: 'PASS' } }, facts).verdict,
    ).toBe('pass');
  });
});
