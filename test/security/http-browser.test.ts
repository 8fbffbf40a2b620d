import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'correct horse battery';

/**
 * The two pages built from other projects' apps, in a real browser: each must load only from
 * our own origin (no fonts, scripts or badges from a CDN) and break none of its CSP.
 */
describe('the queue board and the API docs in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  const elsewhere: string[] = [];
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    // CI may still be installing chromium when the run starts.
    await waitFor(() => existsSync(CHROMIUM), 300_000, 1000);
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    await createAdmin(running.app, 'browser@example.org', PASSWORD);
    browser = await launchChromium();
    page = await browser.newPage();
    const origin = new URL(running.httpUrl!).origin;
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) elsewhere.push(r.url());
    });
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${running.httpUrl}/admin/login`);
    await page.fill('input[name=email]', 'browser@example.org');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${running.httpUrl}/admin`);
  }, 360_000);

  beforeEach(() => {
    for (const list of [elsewhere, cspViolations, pageErrors]) list.length = 0;
  });

  afterAll(async () => {
    await browser?.close();
    await env?.destroy();
  }, 30_000);

  it('shows the queue board from this origin only, within its CSP', async () => {
    await page.goto(`${running.httpUrl}/admin/queues`, { waitUntil: 'networkidle' });
    // The board's own UI has rendered its queue list (React ran, its API answered).
    // A locator, not waitForFunction: a string predicate is re-polled with eval, which this very
    // CSP forbids, so a board slower than the first check failed the test with an EvalError.
    await page.getByText('inbound', { exact: false }).first().waitFor({ timeout: 20_000 });
    expect({ elsewhere, cspViolations, pageErrors }).toEqual({
      elsewhere: [],
      cspViolations: [],
      pageErrors: [],
    });
  });

  it('shows the API docs from this origin only, within its CSP', async () => {
    await page.goto(`${running.httpUrl}/api/docs`, { waitUntil: 'networkidle' });
    await page.waitForSelector('.opblock', { timeout: 20_000 });
    expect(await page.locator('.opblock').count()).toBeGreaterThan(3);
    expect({ elsewhere, cspViolations, pageErrors }).toEqual({
      elsewhere: [],
      cspViolations: [],
      pageErrors: [],
    });
  });

  it('shows the unsubscribe page within its CSP', async () => {
    await page.goto(`${running.httpUrl}/u/not-a-token`);
    expect(await page.textContent('h1')).toContain('not valid');
    // Its inline stylesheet applied (32rem): a CSP hash that drifted would leave the page unstyled.
    expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('512px');
    expect({ elsewhere, cspViolations, pageErrors }).toEqual({
      elsewhere: [],
      cspViolations: [],
      pageErrors: [],
    });
  });
});
