import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import type { DnsResolver } from '../../src/deliverability/dns-check';
import { DNS_RESOLVER, DeliverabilityService } from '../../src/deliverability/deliverability.service';
import { DnsCheckRun } from '../../src/deliverability/entities/dns-check-run.entity';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'correct horse battery';
const DOMAIN = 'relay.deliverability.test';

const notFound = (name: string) => Object.assign(new Error(`ENOTFOUND ${name}`), { code: 'ENOTFOUND' });

/** The zone as published: MX right, SPF naming another provider, no DMARC record at all. */
const zone: Record<string, string[]> = {
  [DOMAIN]: ['v=spf1 include:_spf.other-provider.example ~all'],
};
const resolver = {
  resolveMx: async (name: string) => {
    if (name !== DOMAIN) throw notFound(name);
    return [{ exchange: 'mx.deliverability.test', priority: 10 }];
  },
  resolveTxt: async (name: string) => {
    if (!zone[name]) throw notFound(name);
    return zone[name].map((v) => [v]);
  },
  resolveCname: async (name: string) => {
    throw notFound(name);
  },
} as DnsResolver;

describe('the dashboard’s deliverability card, in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start(
      { ROLES: 'api', RELAY_DOMAIN: DOMAIN, MX_HOST: 'mx.deliverability.test', DNS_CHECK: 'true' },
      [[DNS_RESOLVER, resolver]],
    );
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'coordinator@example.org', PASSWORD);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  /** `n` deliveries sent `daysAgo` days ago, the first `bounced` of them bounced, `complained` complained. */
  async function sent(n: number, daysAgo: number, bounced: number, complained: number) {
    const at = new Date(Date.now() - daysAgo * 86_400_000);
    for (let i = 0; i < n; i++) {
      const tag = randomBytes(6).toString('hex');
      const [row] = (await db.query(
        `INSERT INTO deliveries (dedupe_key, kind, status, to_address, message_id, transport, transport_id, sent_at)
         VALUES ($1, 'prompt', 'sent', $2, $3, 'smtp', $1, $4) RETURNING id`,
        [`test:${tag}`, `p${tag}@mail.example`, `${tag}@${DOMAIN}`, at],
      )) as { id: string }[];
      const event = i < bounced ? 'bounce' : i < bounced + complained ? 'complaint' : null;
      if (event) {
        await db.query(
          `INSERT INTO delivery_events (message_ref, recipient, type, source, delivery_id, occurred_at)
           VALUES ($1, $2, $3, 'dsn', $4, $5)`,
          [`${tag}@${DOMAIN}`, `p${tag}@mail.example`, event, row.id, at],
        );
      }
    }
  }

  it('shows the failing records from the boot check and a bounce rate over the SES line', async () => {
    // 40 sent this month, 3 bounced (7.5 %: over SES's 5 %), none complained; last quarter's
    // bounces (40 days ago) do not count.
    await sent(40, 2, 3, 0);
    await sent(10, 40, 10, 0);
    await db.query(
      `INSERT INTO suppressions (address, reason, source) VALUES ('gone@mail.example', 'permanent bounce', 'dsn'),
         ('left@mail.example', 'complaint', 'ses')`,
    );
    // The check at boot, stored: the card reads it.
    await waitFor(() => db.getRepository(DnsCheckRun).findOneBy({ domain: DOMAIN }));

    await page.goto(`${running.httpUrl}/admin/login`);
    await page.fill('input[name=email]', 'coordinator@example.org');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${running.httpUrl}/admin`);

    const card = page.locator('.deliverability');
    expect(await card.getAttribute('data-dns')).toBe('failing');
    expect(await card.textContent()).toContain('some required records are missing or wrong');
    expect(await card.locator('tr[data-record=mx]').getAttribute('data-status')).toBe('ok');
    const spf = card.locator('tr[data-record=spf]');
    expect(await spf.getAttribute('data-status')).toBe('wrong');
    expect(await spf.textContent()).toContain('SPF lacks mx');
    expect(await spf.textContent()).toContain('v=spf1 mx ~all');
    const dmarc = card.locator('tr[data-record=dmarc]');
    expect(await dmarc.getAttribute('data-status')).toBe('missing');
    expect(await dmarc.textContent()).toContain('v=DMARC1; p=quarantine');

    const bounces = card.locator('li[data-rate=Bounces]');
    expect(await bounces.getAttribute('class')).toBe('over');
    expect((await bounces.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Bounces: 3 of 40 7\.50 % .*over SES review/,
    );
    const complaints = card.locator('li[data-rate=Complaints]');
    expect(await complaints.getAttribute('class')).toBe('under');
    expect(await card.locator('li[data-rate=Suppressed]').textContent()).toContain('2 addresses suppressed');
  });

  it('a fixed zone shows every record ok at the next check', async () => {
    zone[DOMAIN] = ['v=spf1 mx ~all'];
    zone[`_dmarc.${DOMAIN}`] = ['v=DMARC1; p=quarantine; rua=mailto:dmarc@deliverability.test'];
    await running.app.get(DeliverabilityService).checkNow();
    await page.goto(`${running.httpUrl}/admin`);
    const card = page.locator('.deliverability');
    expect(await card.getAttribute('data-dns')).toBe('ok');
    expect(await card.locator('tr[data-status=ok]').count()).toBe(3);
  });
});
