import type { Browser, Page } from 'playwright-core';
import { launchChromium, staffPage } from '../support/browser';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { auditEntries, heldForReview, historyEntries, threadWith } from '../factories/admin-rows';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';

const PASSWORD = 'correct horse battery';
const STAFF = 'tables@staff.example';

jest.setTimeout(120_000);

/**
 * The tables read in SQL, clicked through as staff would: the programme's audit (55 entries: a
 * page of 50 and the rest), the moderation queue (23 held messages: pages of 20) and the pairing
 * page's history and threads, each searched, sorted both ways and paged, several on one page
 * without one's links losing the other's state.
 */
describe('search, sort and pages on the SQL-backed tables in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let w: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    const { id: staffId } = await createAdmin(running.app, STAFF, PASSWORD);
    w = await createPairingWorld(running.app);
    await auditEntries(running.app, w, staffId, 55);
    await heldForReview(running.app, w, 23);
    await historyEntries(running.app, w, staffId, 55);
    await threadWith(running.app, w, 'Alpha plans', 3, 30);
    await threadWith(running.app, w, 'Beta goals', 1, 10);
    await threadWith(running.app, w, 'Gamma notes', 5, 60);
    browser = await launchChromium();
    page = await staffPage(browser, running.httpUrl!, { email: STAFF, password: PASSWORD });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const url = (path: string) => `${running.httpUrl}${path}`;
  /** One column's text, row by row, of the table `table` (a selector). */
  const column = (table: string, index: number) =>
    page.$$eval(
      `${table} tbody tr`,
      (rows, i) => rows.map((r) => r.querySelectorAll('td')[i]?.textContent?.trim() ?? ''),
      index,
    );
  /** Clicks a link (or button) and waits for the page it loads. */
  const follow = async (selector: string) => {
    await Promise.all([page.waitForNavigation(), page.click(selector)]);
  };
  const search = async (scope: string, text: string) => {
    await page.fill(`${scope} input[type=search]`, text);
    await follow(`${scope} form.search button[type=submit]`);
  };

  it('the audit: 55 changes are a page of 50 and a page of 5; sorted by time both ways; searched', async () => {
    const actions = '[data-actions] table';
    const detail = () => column(actions, 4);
    await page.goto(url(`/admin/programmes/${w.programme.id}/audit`));
    const first = await detail();
    expect(first).toHaveLength(50);
    expect([first[0], first[49]]).toEqual(['change 55', 'change 06']);
    expect(await page.textContent('[data-actions] [role=status]')).toMatch(/55\s*· page 1 of 2/);

    await follow('[data-actions] nav.pages a[rel=next]');
    expect(page.url()).toMatch(/[?&]page=2\b/);
    expect(await detail()).toEqual(['change 05', 'change 04', 'change 03', 'change 02', 'change 01']);

    await follow('[data-actions] th a:text("When")');
    expect(await page.getAttribute('[data-actions] th[aria-sort]', 'aria-sort')).toBe('ascending');
    expect((await detail()).slice(0, 2)).toEqual(['change 01', 'change 02']);
    await follow('[data-actions] th a:text("When")');
    expect(await page.getAttribute('[data-actions] th[aria-sort]', 'aria-sort')).toBe('descending');
    expect((await detail())[0]).toBe('change 55');

    await search('[data-actions]', 'change 07');
    expect(await detail()).toEqual(['change 07']);
    // The sort survives the search, and the other table on the page kept its own (empty) state.
    expect(page.url()).toContain('sort=when');
    expect(await column('[data-views] table', 0)).toEqual(['No conversation was read.']);
  });

  it('the moderation queue: 23 held messages in pages of 20, oldest first, sorted by subject, searched', async () => {
    const subjects = () =>
      page.$$eval('[data-held]', (items) =>
        items.map((s) => /Subject: (held \d+)/.exec(s.textContent ?? '')?.[1]),
      );
    await page.goto(url(`/admin/programmes/${w.programme.id}/moderation`));
    expect(await page.textContent('h2')).toBe('Held for review (23)');
    const first = await subjects();
    expect(first).toHaveLength(20);
    expect([first[0], first[19]]).toEqual(['held 01', 'held 20']);

    await follow('nav.pages a[rel=next]');
    expect(await subjects()).toEqual(['held 21', 'held 22', 'held 23']);

    await follow('p.sort-by a:text("Subject")');
    expect((await subjects()).slice(0, 2)).toEqual(['held 01', 'held 02']);
    await follow('p.sort-by a:text("Subject")');
    expect((await subjects()).slice(0, 2)).toEqual(['held 23', 'held 22']);
    expect(await page.textContent('p.sort-by')).toContain('(sorted descending)');

    await search('main', 'held 07');
    expect(await subjects()).toEqual(['held 07']);
    await search('main', 'nothing like this');
    expect(await subjects()).toEqual([]);
    expect(await page.textContent('[data-empty]')).toContain('No message is waiting for review.');
  });

  it('the pairing page: history paged, threads sorted and searched, each keeping the other’s state', async () => {
    const notes = () => column('table.pairing-history', 3);
    const threads = () => column('table.threads', 0);
    await page.goto(url(`/admin/pairings/${w.pairing.id}`));
    expect((await notes()).slice(0, 2)).toEqual(['note 55', 'note 54']);
    expect(await notes()).toHaveLength(50);
    expect(await threads()).toEqual(['Beta goals', 'Alpha plans', 'Gamma notes']);

    await follow('nav.pages[aria-label="History pages"] a[rel=next]');
    expect(await notes()).toEqual(['note 05', 'note 04', 'note 03', 'note 02', 'note 01']);

    await follow('table.threads th a:text("Messages")');
    expect(await column('table.threads', 1)).toEqual(['1', '3', '5']);
    await follow('table.threads th a:text("Messages")');
    expect(await threads()).toEqual(['Gamma notes', 'Alpha plans', 'Beta goals']);
    // Sorting the threads kept the history on its second page.
    expect(page.url()).toContain('history-page=2');
    expect(await notes()).toHaveLength(5);

    await page.fill('form[aria-label="Threads"] input[type=search]', 'beta');
    await follow('form[aria-label="Threads"] button[type=submit]');
    expect(await threads()).toEqual(['Beta goals']);
    await page.fill('form[aria-label="History"] input[type=search]', 'note 3');
    await follow('form[aria-label="History"] button[type=submit]');
    expect(await notes()).toEqual([
      'note 39',
      'note 38',
      'note 37',
      'note 36',
      'note 35',
      'note 34',
      'note 33',
      'note 32',
      'note 31',
      'note 30',
    ]);
    expect(await threads()).toEqual(['Beta goals']);
  });
});
