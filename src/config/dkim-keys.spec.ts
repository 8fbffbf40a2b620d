import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError } from './app-config';

const rsa = (bits = 2048) =>
  generateKeyPairSync('rsa', { modulusLength: bits })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
const KEY = rsa();

function problems(env: Record<string, string>): string[] {
  try {
    AppConfig.fromEnvironment({ NODE_ENV: 'test', ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('DKIM configuration, checked at boot', () => {
  it('reads the key from a file, derives the public key, and signs for RELAY_DOMAIN', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mm-dkim-')), 'key.pem');
    writeFileSync(file, KEY);
    const config = AppConfig.fromEnvironment({
      NODE_ENV: 'test',
      RELAY_DOMAIN: 'relay.example.org',
      DKIM_SELECTOR: 'mm1',
      DKIM_PRIVATE_KEY_FILE: file,
    });
    expect(config.dkim?.domain).toBe('relay.example.org');
    expect(config.dkim?.keys.map((k) => [k.selector, k.bits])).toEqual([['mm1', 2048]]);
    expect(config.dkim?.keys[0].publicKey).toMatch(/^MIIBIjAN[A-Za-z0-9+/=]+$/);
  });

  it('reports every mistake at once', () => {
    expect(
      problems({
        DKIM_PRIVATE_KEY: KEY,
        DKIM_SELECTOR_NEXT: 'bad selector',
        DKIM_PRIVATE_KEY_NEXT: KEY,
      }),
    ).toEqual([
      'DKIM_SELECTOR: required when DKIM_PRIVATE_KEY or DKIM_PRIVATE_KEY_FILE is set',
      'DKIM_SELECTOR_NEXT: not a DNS label: bad selector',
    ]);
    expect(problems({ DKIM_SELECTOR: 'mm1', DKIM_PRIVATE_KEY_FILE: '/nonexistent/key.pem' })).toEqual([
      'DKIM_PRIVATE_KEY_FILE: cannot read /nonexistent/key.pem (ENOENT)',
    ]);
    expect(problems({ DKIM_SELECTOR: 'mm1', DKIM_PRIVATE_KEY: 'not a key' })[0]).toMatch(
      /^DKIM_PRIVATE_KEY: not a PEM private key/,
    );
    expect(problems({ DKIM_SELECTOR: 'mm1', DKIM_PRIVATE_KEY: rsa(512) })).toEqual([
      'DKIM_PRIVATE_KEY: 512-bit RSA is too short; receivers ignore keys under 1024 bits (use 2048)',
    ]);
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problems({ DKIM_SELECTOR: 'mm1', DKIM_PRIVATE_KEY: ed })).toEqual([
      'DKIM_PRIVATE_KEY: an RSA private key is needed (got ed25519)',
    ]);
  });

  it('refuses a rotation key alone, or under the same selector', () => {
    expect(problems({ DKIM_SELECTOR_NEXT: 'mm2', DKIM_PRIVATE_KEY_NEXT: KEY })).toEqual([
      'DKIM_SELECTOR_NEXT: set only during a rotation, beside DKIM_SELECTOR and its key',
    ]);
    expect(
      problems({
        DKIM_SELECTOR: 'mm1',
        DKIM_PRIVATE_KEY: KEY,
        DKIM_SELECTOR_NEXT: 'mm1',
        DKIM_PRIVATE_KEY_NEXT: KEY,
      }),
    ).toEqual(['DKIM_SELECTOR_NEXT: must differ from DKIM_SELECTOR']);
  });

  it('SES signs with Easy DKIM: a key there is a mistake, not silently unused', () => {
    expect(
      problems({
        MAIL_TRANSPORT: 'ses',
        AWS_REGION: 'eu-west-1',
        DKIM_SELECTOR: 'mm1',
        DKIM_PRIVATE_KEY: KEY,
      }),
    ).toEqual([
      'DKIM_SELECTOR, DKIM_PRIVATE_KEY: not used with MAIL_TRANSPORT=ses (SES signs with Easy DKIM); unset them',
    ]);
  });

  it('production over SMTP must sign', () => {
    expect(
      problems({
        NODE_ENV: 'production',
        APP_SECRET: 'a-long-enough-secret-value',
        PUBLIC_URL: 'https://mentormail.example',
        MAIL_TRANSPORT: 'smtp',
        OUTBOUND_SMTP_HOST: 'smarthost.example.net',
      }),
    ).toEqual([
      'DKIM_SELECTOR, DKIM_PRIVATE_KEY_FILE: required when MAIL_TRANSPORT=smtp and NODE_ENV=production',
    ]);
  });
});
