import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dkimVerify, type DNSResolver } from 'mailauth';
import type { RunningApp } from '../../src/bootstrap';
import { sendEveryKind, type SentEmail } from '../support/every-kind';
import { TestEnv } from '../support/test-env';

jest.setTimeout(90_000);

const DOMAIN = 'relay.mentormail.test';

function rsaKey() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    dns: `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
  };
}

/** A zone with the given selectors published, as dns.promises.resolveTxt answers. */
function zone(records: Record<string, string>): DNSResolver {
  return async (name, rrtype) => {
    const record = rrtype === 'TXT' ? records[name.toLowerCase()] : undefined;
    if (!record) throw Object.assign(new Error(`${rrtype} ${name} not found`), { code: 'ENOTFOUND' });
    return [record.match(/.{1,255}/g) ?? []];
  };
}

async function verdicts(raw: Buffer, resolver: DNSResolver) {
  const { results } = await dkimVerify(raw, { resolver });
  return results.map((r) => ({ selector: r.selector, status: r.status.result, domain: r.signingDomain }));
}

/** mailauth reports a body hash mismatch as `neutral` with this comment; a bad signature as `fail`. */
async function bodyHashMismatches(raw: Buffer, resolver: DNSResolver) {
  const { results } = await dkimVerify(raw, { resolver });
  return results.map((r) => `${r.status.result}: ${r.status.comment ?? ''}`);
}

describe('DKIM: every kind of outgoing email is signed for RELAY_DOMAIN', () => {
  const current = rsaKey();
  const next = rsaKey();
  let env: TestEnv;
  let running: RunningApp;
  let sent: SentEmail[];

  beforeAll(async () => {
    env = await TestEnv.create();
    const keyFile = join(env.outboxDir, '..', `dkim-${process.pid}.pem`);
    writeFileSync(keyFile, current.pem, { mode: 0o600 });
    running = await env.start({
      RELAY_DOMAIN: DOMAIN,
      PUBLIC_URL: 'https://mentormail.example',
      DKIM_SELECTOR: 'mm2026a',
      DKIM_PRIVATE_KEY_FILE: keyFile,
      // A rotation under way: the next key given inline, as an environment variable would carry it.
      DKIM_SELECTOR_NEXT: 'mm2026b',
      DKIM_PRIVATE_KEY_NEXT: next.pem.replace(/\n/g, '\\n'),
    });
    sent = await sendEveryKind(env.outboxDir, running);
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('sends each kind, and every email verifies with mailauth under both selectors', async () => {
    const kinds = new Set(sent.map((s) => s.kind));
    expect([...kinds].sort()).toEqual(['digest', 'notice', 'prompt', 'relay', 'welcome']);
    const both = zone({
      [`mm2026a._domainkey.${DOMAIN}`]: current.dns,
      [`mm2026b._domainkey.${DOMAIN}`]: next.dns,
    });
    for (const email of sent) {
      const results = await verdicts(email.raw, both);
      expect({ kind: email.kind, results }).toEqual({
        kind: email.kind,
        results: [
          { selector: 'mm2026a', status: 'pass', domain: DOMAIN },
          { selector: 'mm2026b', status: 'pass', domain: DOMAIN },
        ],
      });
    }
  });

  it('passes with only the old or only the new selector published (either half of a rotation)', async () => {
    const email = sent.find((s) => s.kind === 'prompt')!;
    const onlyOld = await verdicts(email.raw, zone({ [`mm2026a._domainkey.${DOMAIN}`]: current.dns }));
    expect(onlyOld.map((r) => r.status)).toEqual(['pass', 'neutral']);
    const onlyNew = await verdicts(email.raw, zone({ [`mm2026b._domainkey.${DOMAIN}`]: next.dns }));
    expect(onlyNew.map((r) => r.status)).toEqual(['neutral', 'pass']);
  });

  it('fails once the body or a signed header is changed on the way', async () => {
    const resolver = zone({
      [`mm2026a._domainkey.${DOMAIN}`]: current.dns,
      [`mm2026b._domainkey.${DOMAIN}`]: next.dns,
    });
    for (const kind of ['relay', 'digest'] as const) {
      const raw = sent.find((s) => s.kind === kind)!.raw.toString('latin1');
      const split = raw.indexOf('\r\n\r\n');
      const body = raw.slice(split);
      const tamperedBody = raw.slice(0, split) + body.replace(/[A-Za-z]{4}/, 'XXXX');
      expect(tamperedBody).not.toBe(raw);
      expect(await bodyHashMismatches(Buffer.from(tamperedBody, 'latin1'), resolver)).toEqual([
        'neutral: body hash did not verify',
        'neutral: body hash did not verify',
      ]);
      const tamperedSubject = raw.replace(/^Subject: /m, 'Subject: URGENT ');
      expect((await verdicts(Buffer.from(tamperedSubject, 'latin1'), resolver)).map((r) => r.status)).toEqual(
        ['fail', 'fail'],
      );
    }
  });

  it('a key published for another selector does not verify (the signature names its selector)', async () => {
    const email = sent.find((s) => s.kind === 'notice')!;
    const wrong = await verdicts(
      email.raw,
      zone({ [`mm2026a._domainkey.${DOMAIN}`]: next.dns, [`mm2026b._domainkey.${DOMAIN}`]: current.dns }),
    );
    expect(wrong.map((r) => r.status)).toEqual(['fail', 'fail']);
  });
});
