import { AppConfig, ConfigError } from './app-config';
import { parseClientRange, TrustedClients } from './trusted-clients';

const SECRET = { APP_SECRET: 'a-long-production-secret' };
const trusted = (env: Record<string, string>, local = false) =>
  AppConfig.fromEnvironment({ ...SECRET, ...env }, { local }).trustedClients;

describe('SMTP_TRUSTED_CLIENTS', () => {
  it('trusts loopback by default only in an explicit local mode, and nobody in a server without one', () => {
    for (const clients of [
      trusted({ NODE_ENV: 'development' }),
      trusted({ NODE_ENV: 'test' }),
      trusted({}, true),
    ]) {
      expect([clients.includes('127.0.0.1'), clients.includes('::1')]).toEqual([true, true]);
      expect(clients.includes('127.0.0.2')).toBe(false);
    }
    for (const clients of [
      trusted({ NODE_ENV: 'production', PUBLIC_URL: 'https://mentormail.example' }),
      trusted({}),
    ]) {
      expect([clients.includes('127.0.0.1'), clients.includes('::1')]).toEqual([false, false]);
    }
  });

  it('matches addresses and CIDR ranges, IPv4-mapped IPv6 included', () => {
    const clients = trusted({ SMTP_TRUSTED_CLIENTS: ' 10.1.0.0/16, 192.0.2.7 ,2001:db8::/32' });
    expect(clients.includes('10.1.200.3')).toBe(true);
    expect(clients.includes('10.2.0.1')).toBe(false);
    expect(clients.includes('192.0.2.7')).toBe(true);
    expect(clients.includes('192.0.2.8')).toBe(false);
    expect(clients.includes('::ffff:192.0.2.7')).toBe(true);
    expect(clients.includes('2001:db8:1::5')).toBe(true);
    expect(clients.includes('127.0.0.1')).toBe(false);
  });

  it('trusts nobody with `none`, in any environment', () => {
    const clients = trusted({ NODE_ENV: 'test', SMTP_TRUSTED_CLIENTS: 'none' });
    expect(clients.ranges).toEqual([]);
    expect(clients.includes('127.0.0.1')).toBe(false);
  });

  it('never trusts a missing or malformed client address', () => {
    const clients = new TrustedClients([parseClientRange('0.0.0.0/0')!]);
    expect(clients.includes('203.0.113.9')).toBe(true);
    expect(clients.includes(undefined)).toBe(false);
    expect(clients.includes('')).toBe(false);
    expect(clients.includes('not-an-ip')).toBe(false);
  });

  it('reports every bad entry at boot, together with the other problems', () => {
    let error: ConfigError | undefined;
    try {
      AppConfig.fromEnvironment({
        HTTP_PORT: 'abc',
        SMTP_TRUSTED_CLIENTS: '127.0.0.1,10.0.0.0/33,mail.example,::1/129,10.0.0.1/,none',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = error!.problems.join('\n');
    expect(text).toMatch(/HTTP_PORT/);
    for (const bad of ['10.0.0.0/33', 'mail.example', '::1/129', '10.0.0.1/', 'none'])
      expect(text).toContain(`not an IP address or CIDR range: ${bad}`);
    expect(text).not.toContain('range: 127.0.0.1');
  });

  it('parses an entry into what BlockList needs', () => {
    expect(parseClientRange('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' });
    expect(parseClientRange('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    expect(parseClientRange('10.0.0.0/8/1')).toBeNull();
    expect(parseClientRange('10.0.0.0/+8')).toBeNull();
  });
});
