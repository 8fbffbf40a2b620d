import { generateKeyPairSync } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import type { DnsResolver } from '../../deliverability/dns-check';
import { dnsCheckLines, dnsRecordsLines } from './dns.command';

const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const config = AppConfig.fromEnvironment({
  NODE_ENV: 'test',
  RELAY_DOMAIN: 'relay.example.org',
  MAIL_TRANSPORT: 'smtp',
  OUTBOUND_SMTP_HOST: 'smarthost.example.net',
  DKIM_SELECTOR: 'mm1',
  DKIM_PRIVATE_KEY: KEY,
});

/** A zone built from the lines dns:records prints, parsed back as a DNS host's import would read them. */
function zoneFromPrinted(lines: string[]): DnsResolver {
  const records = lines
    .filter((l) => l.includes('\tIN\t'))
    .map((l) => {
      const [name, , type, value] = l.split('\t');
      return {
        name: name.replace(/\.$/, ''),
        type,
        value:
          type === 'TXT'
            ? [...value.matchAll(/"([^"]*)"/g)].map((m) => m[1]).join('')
            : value.replace(/\.$/, ''),
      };
    });
  const at = (name: string, type: string) => {
    const found = records.filter((r) => r.name === name && r.type === type).map((r) => r.value);
    if (!found.length) throw Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    return found;
  };
  return {
    resolveMx: async (name: string) =>
      at(name, 'MX').map((v) => ({ priority: Number(v.split(' ')[0]), exchange: v.split(' ')[1] })),
    resolveTxt: async (name: string) => at(name, 'TXT').map((v) => v.match(/.{1,255}/g) ?? []),
    resolveCname: async (name: string) => at(name, 'CNAME'),
  } as DnsResolver;
}

describe('npm run cli -- dns:records / dns:check', () => {
  it('prints zone-file lines that, once published, pass dns:check', async () => {
    const printed = dnsRecordsLines(config);
    expect(printed).toContain('relay.example.org.\tIN\tMX\t10 relay.example.org.');
    expect(printed).toContain('relay.example.org.\tIN\tTXT\t"v=spf1 a:smarthost.example.net ~all"');
    expect(
      printed.some((l) => l.startsWith('mm1._domainkey.relay.example.org.\tIN\tTXT\t"v=DKIM1; k=rsa; p=')),
    ).toBe(true);
    expect(printed).toContain('_dmarc.relay.example.org.\tIN\tTXT\t"v=DMARC1; p=quarantine"');
    // What the configuration lacks is said, not guessed.
    expect(printed.join('\n')).toMatch(/DMARC_REPORT_ADDRESS is unset/);
    const { ok, lines } = await dnsCheckLines(config, zoneFromPrinted(printed));
    expect(ok).toBe(true);
    expect(lines.at(-1)).toBe('All required records are published.');
    expect(lines.filter((l) => l.startsWith('ok '))).toHaveLength(4);
  });

  it('says record by record what is missing or wrong, and what to publish instead', async () => {
    const printed = dnsRecordsLines(config)
      .filter((l) => !l.startsWith('_dmarc.'))
      .map((l) => l.replace('a:smarthost.example.net', 'include:old.example'));
    const { ok, lines } = await dnsCheckLines(config, zoneFromPrinted(printed));
    expect(ok).toBe(false);
    const text = lines.join('\n');
    expect(text).toMatch(
      /^WRONG\s+TXT\s+relay\.example\.org: SPF lacks a:smarthost\.example\.net\n\s+publish: v=spf1 a:smarthost\.example\.net ~all$/m,
    );
    expect(text).toMatch(
      /^MISSING\s+TXT\s+_dmarc\.relay\.example\.org: no TXT record at _dmarc\.relay\.example\.org/m,
    );
    expect(text).toMatch(/^ok\s+MX\s+relay\.example\.org$/m);
    expect(lines.at(-1)).toBe('2 record(s) missing or wrong.');
  });
});
