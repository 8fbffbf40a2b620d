import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { TestEnv } from '../support/test-env';
import { seedAdminBenchData, type BenchSeed } from './seed-bench';

const PASSWORD = 'correct horse battery';
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Every admin page, run through axe-core in real Chromium: no serious or critical violation;
 * and at a phone's 390 px no page scrolls sideways (tables turn into cards).
 */
describe('admin pages for everyone: axe-core and a 390 px phone', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let seed: BenchSeed;
  let pages: string[];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    seed = await seedAdminBenchData(running.app.get(DataSource), { pairings: 12, messages: 240 });
    await createAdmin(running.app, 'a11y@example.org', PASSWORD);
    browser = await launchChromium();
    const programme = `/admin/programmes/${seed.programmeIds[0]}`;
    pages = [
      '/admin',
      '/admin/attention',
      programme,
      `${programme}/pairings`,
      `${programme}/participants`,
      `${programme}/schedule`,
      `${programme}/import`,
      `${programme}/report`,
      `${programme}/match`,
      `${programme}/moderation`,
      `${programme}/audit`,
      '/admin/attention?health=quiet',
      '/admin/templates',
      `/admin/pairings/${seed.pairingIds[1]}`,
      `/admin/threads/${seed.threadIds[0]}`,
      '/admin/inbound',
      `/admin/inbound/${seed.inboundIds[0]}`,
      '/admin/deliveries',
      '/admin/outbox',
      '/admin/suppressions',
      '/admin/account',
      '/admin/no-such-page',
    ];
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const url = (path: string) => `${running.httpUrl}${path}`;

  async function loggedInPage(width: number): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(url('/admin/login'));
    await page.fill('input[name=email]', 'a11y@example.org');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(url('/admin'));
    return page;
  }

  /** axe's own source, injected as a script tag: the admin CSP forbids scripts, so the test bypasses it. */
  async function axe(page: Page): Promise<AxeViolation[]> {
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] })`)) as {
      violations: AxeViolation[];
    };
    return result.violations;
  }

  it('no admin page has a serious or critical axe violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, bypassCSP: true });
    const login = page;
    await login.goto(url('/admin/login'));
    const found: Record<string, string[]> = {};
    const tally: Record<string, number> = {};
    const note = (path: string, violations: AxeViolation[]) => {
      for (const v of violations) tally[`${v.impact} ${v.id}`] = (tally[`${v.impact} ${v.id}`] ?? 0) + 1;
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      if (bad.length)
        found[path] = bad.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes[0]?.target[0]})`);
    };
    note('/admin/login', await axe(login));
    await login.fill('input[name=email]', 'a11y@example.org');
    await login.fill('input[name=password]', PASSWORD);
    await login.click('button[type=submit]');
    await login.waitForURL(url('/admin'));
    for (const path of pages) {
      await page.goto(url(path));
      note(path, await axe(page));
    }
    // The figure for the README and the report: every rule broken, on how many pages.
    console.log(`axe on ${pages.length + 1} pages`, tally);
    expect(found).toEqual({});
    await page.close();
  }, 120_000);

  it('at 390 px wide no page scrolls sideways', async () => {
    const page = await loggedInPage(390);
    const wide: Record<string, number> = {};
    for (const path of pages) {
      await page.goto(url(path));
      const scrollWidth = (await page.evaluate('document.documentElement.scrollWidth')) as number;
      if (scrollWidth > 390) wide[path] = scrollWidth;
    }
    expect(wide).toEqual({});
    await page.close();
  }, 120_000);

  it('every page has a skip link to the content and marks where the viewer is in the navigation', async () => {
    const page = await loggedInPage(1100);
    await page.goto(url('/admin/inbound'));
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('document.activeElement.id')).toBe('main');
    expect(await page.textContent('header nav [aria-current=page]')).toBe('Inbound');
    const unscoped = await page.$$eval('th:not([scope])', (ths) => ths.length);
    expect(unscoped).toBe(0);
    await page.close();
  }, 60_000);

  it('the dashboard leads with today, and its work-queue line leads to that many items in the queue', async () => {
    const page = await loggedInPage(1100);
    await page.goto(url('/admin'));
    expect(await page.textContent('main h2')).toBe('Today');
    const line = page.locator('ul.today a[href="/admin/attention"]');
    const promised = Number(
      /^(\d+) item\(s\) in the work queue$/.exec((await line.textContent()) ?? '')?.[1],
    );
    expect(promised).toBeGreaterThan(0);
    await line.click();
    await page.waitForURL(url('/admin/attention'));
    expect(await page.locator('main h2', { hasText: 'Work queue' }).textContent()).toBe(
      `Work queue (${promised})`,
    );
    await page.close();
  }, 60_000);
});
