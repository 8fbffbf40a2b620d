import { generateKeyPairSync } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { checkRecords, type DnsResolver } from './dns-check';
import { expectedRecords, type DnsRecord } from './dns-records';

const pem = () =>
  generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();

const SMTP = AppConfig.fromEnvironment({
  NODE_ENV: 'test',
  RELAY_DOMAIN: 'relay.example.org',
  MAIL_TRANSPORT: 'smtp',
  OUTBOUND_SMTP_HOST: 'smarthost.example.net',
  MX_HOST: 'mx.example.org',
  DKIM_SELECTOR: 'mm1',
  DKIM_PRIVATE_KEY: pem(),
  DKIM_SELECTOR_NEXT: 'mm2',
  DKIM_PRIVATE_KEY_NEXT: pem(),
  DMARC_REPORT_ADDRESS: 'dmarc@example.org',
  TLSRPT_ADDRESS: 'tls@example.org',
});

const SES = AppConfig.fromEnvironment({
  NODE_ENV: 'test',
  RELAY_DOMAIN: 'relay.example.org',
  MAIL_TRANSPORT: 'ses',
  AWS_REGION: 'eu-west-1',
  SNS_TOPIC_ARNS: 'arn:aws:sns:eu-west-1:123456789012:inbound',
  SES_DKIM_TOKENS: 'tok1,tok2,tok3',
  DMARC_POLICY: 'reject',
});

interface Zone {
  mx: Record<string, string[]>;
  txt: Record<string, string[]>;
  cname: Record<string, string[]>;
}

/** A zone holding exactly the records dns:records prints, as a deployer would publish them. */
function publish(records: DnsRecord[]): Zone {
  const zone: Zone = { mx: {}, txt: {}, cname: {} };
  for (const r of records) {
    const table = r.type === 'MX' ? zone.mx : r.type === 'TXT' ? zone.txt : zone.cname;
    (table[r.name] ??= []).push(r.type === 'MX' ? r.value.split(' ')[1] : r.value);
  }
  return zone;
}

const notFound = (name: string) =>
  Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });

/** node:dns/promises' shapes: MX objects, TXT as arrays of <=255-character strings. */
function resolverOf(zone: Zone): DnsResolver {
  return {
    resolveMx: async (name: string) => {
      if (!zone.mx[name]) throw notFound(name);
      return zone.mx[name].map((exchange, i) => ({ exchange, priority: 10 + i }));
    },
    resolveTxt: async (name: string) => {
      if (!zone.txt[name]) throw notFound(name);
      return zone.txt[name].map((value) => value.match(/.{1,255}/g) ?? []);
    },
    resolveCname: async (name: string) => {
      if (!zone.cname[name]) throw notFound(name);
      return zone.cname[name];
    },
  } as DnsResolver;
}

describe.each([
  ['smtp', SMTP],
  ['ses', SES],
])('dns:check with MAIL_TRANSPORT=%s', (_, config) => {
  const records = expectedRecords(config);

  it('passes when every record is published as printed', async () => {
    const result = await checkRecords(resolverOf(publish(records)), records);
    expect(result.records.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(records.map((r) => [r.id, r]))('reports %s missing', async (_id, record) => {
    const zone = publish(records.filter((r) => r !== record));
    const result = await checkRecords(resolverOf(zone), records);
    expect(result.records.filter((c) => c.status !== 'ok').map((c) => [c.record.id, c.status])).toEqual([
      [record.id, 'missing'],
    ]);
    expect(result.ok).toBe(record.optional);
  });
});

/** Each record published with a plausible mistake: the check names the record and says why. */
const MISTAKES: Record<string, (value: string) => string> = {
  mx: () => '10 old-mx.example.org',
  spf: () => 'v=spf1 include:_spf.google.com ~all',
  'dkim:mm1': (v) => v.slice(0, -24), // cut short by a web form's length limit
  'dkim:mm2': (v) => v.replace(/p=[A-Za-z0-9+/=]+/, `p=${'A'.repeat(40)}`),
  dmarc: () => 'v=DMARC1; p=none',
  'tls-rpt': () => 'v=TLSRPTv1; rua=mailto:someone@else.example',
  'ses-dkim:tok1': () => 'tok1.dkim.mailgun.example',
  'ses-dkim:tok2': () => 'tok3.dkim.amazonses.com',
  'ses-dkim:tok3': () => 'tok3.dkim.amazonses.com.evil.example',
  'mail-from-mx': () => '10 feedback-smtp.us-east-1.amazonses.com',
  'mail-from-spf': () => 'v=spf1 ?all',
};

const DETAILS: Record<string, RegExp> = {
  mx: /MX points to old-mx\.example\.org, not (mx\.example\.org|inbound-smtp\.eu-west-1\.amazonaws\.com)$/,
  spf: /SPF lacks (a:smarthost\.example\.net|include:amazonses\.com)$/,
  'dkim:mm1': /not the public half of the configured private key/,
  'dkim:mm2': /not the public half/,
  dmarc: /p=none, expected p=/,
  'tls-rpt': /rua=mailto:someone@else\.example, expected rua=mailto:tls@example\.org/,
  'ses-dkim:tok1': /CNAME points to tok1\.dkim\.mailgun\.example/,
  'ses-dkim:tok2': /not tok2\.dkim\.amazonses\.com/,
  'ses-dkim:tok3': /not tok3\.dkim\.amazonses\.com/,
  'mail-from-mx': /not feedback-smtp\.eu-west-1\.amazonses\.com/,
  'mail-from-spf': /SPF lacks include:amazonses\.com/,
};

describe.each([
  ['smtp', SMTP],
  ['ses', SES],
])('dns:check with MAIL_TRANSPORT=%s, each record wrong', (_, config) => {
  const records = expectedRecords(config);
  it.each(records.map((r) => [r.id, r]))('reports %s wrong, saying why', async (id, record) => {
    const zone = publish(records.map((r) => (r === record ? { ...r, value: MISTAKES[id](r.value) } : r)));
    const result = await checkRecords(resolverOf(zone), records);
    const bad = result.records.filter((c) => c.status !== 'ok');
    expect(bad.map((c) => [c.record.id, c.status])).toEqual([[id, 'wrong']]);
    expect(bad[0].detail).toMatch(DETAILS[id]);
    expect(result.ok).toBe(record.optional);
  });
});

describe('dns:check, records published twice or unresolvable', () => {
  const records = expectedRecords(SMTP);

  it('two SPF records are wrong (a permanent error for receivers)', async () => {
    const zone = publish(records);
    zone.txt['relay.example.org'].push('v=spf1 include:other.example ~all');
    const result = await checkRecords(resolverOf(zone), records);
    expect(result.records.find((c) => c.record.id === 'spf')).toMatchObject({
      status: 'wrong',
      detail: expect.stringMatching(/2 SPF records/),
    });
  });

  it('an SPF record ending in +all is wrong even with every mechanism', async () => {
    const zone = publish(records);
    zone.txt['relay.example.org'] = ['v=spf1 a:smarthost.example.net +all'];
    const result = await checkRecords(resolverOf(zone), records);
    expect(result.records.find((c) => c.record.id === 'spf')?.status).toBe('wrong');
  });

  it('a lookup that times out is reported as unresolved, and fails the check', async () => {
    const resolver = resolverOf(publish(records));
    resolver.resolveMx = async () => {
      throw Object.assign(new Error('queryMx ETIMEOUT'), { code: 'ETIMEOUT' });
    };
    const result = await checkRecords(resolver, records);
    expect(result.records.find((c) => c.record.id === 'mx')).toMatchObject({
      status: 'unresolved',
      detail: 'lookup failed (ETIMEOUT)',
    });
    expect(result.ok).toBe(false);
  });
});

describe('dns:records', () => {
  it('prints what the SMTP transport needs: MX, SPF, both DKIM keys, DMARC with reports, TLS-RPT', () => {
    const printed = expectedRecords(SMTP).map((r) => `${r.type} ${r.name} ${r.value}`);
    expect(printed).toEqual([
      'MX relay.example.org 10 mx.example.org',
      'TXT relay.example.org v=spf1 a:smarthost.example.net ~all',
      expect.stringMatching(/^TXT mm1\._domainkey\.relay\.example\.org v=DKIM1; k=rsa; p=MIIBIjAN/),
      expect.stringMatching(/^TXT mm2\._domainkey\.relay\.example\.org v=DKIM1; k=rsa; p=MIIBIjAN/),
      'TXT _dmarc.relay.example.org v=DMARC1; p=quarantine; rua=mailto:dmarc@example.org',
      'TXT _smtp._tls.relay.example.org v=TLSRPTv1; rua=mailto:tls@example.org',
    ]);
  });

  it('prints what SES needs: its inbound MX, Easy DKIM CNAMEs, the MAIL FROM domain, no key of ours', () => {
    const printed = expectedRecords(SES).map((r) => `${r.type} ${r.name} ${r.value}`);
    expect(printed).toEqual([
      'MX relay.example.org 10 inbound-smtp.eu-west-1.amazonaws.com',
      'TXT relay.example.org v=spf1 include:amazonses.com ~all',
      'CNAME tok1._domainkey.relay.example.org tok1.dkim.amazonses.com',
      'CNAME tok2._domainkey.relay.example.org tok2.dkim.amazonses.com',
      'CNAME tok3._domainkey.relay.example.org tok3.dkim.amazonses.com',
      'MX bounce.relay.example.org 10 feedback-smtp.eu-west-1.amazonses.com',
      'TXT bounce.relay.example.org v=spf1 include:amazonses.com ~all',
      'TXT _dmarc.relay.example.org v=DMARC1; p=reject',
    ]);
  });
});
