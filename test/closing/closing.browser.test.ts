import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { MatchExclusion } from '../../src/matching/entities/match-exclusion.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import { createPairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';
import { seedFunnel } from './seed-funnel';

const PASSWORD = 'correct horse battery';

jest.setTimeout(30_000);

/** Staff's closing work in a real browser: the funnel on the dashboard, and ending a pairing. */
describe('closing in the admin, in a browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    await createAdmin(running.app, 'coordinator@example.org', PASSWORD);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(`${running.httpUrl}/admin/login`);
    await page.fill('input[name=email]', 'coordinator@example.org');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${running.httpUrl}/admin`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  it('shows each programme’s funnel with its counts and drops', async () => {
    const { programme } = await seedFunnel(running.app);
    await page.goto(`${running.httpUrl}/admin`);
    const rows = await page.$$eval(`table.funnel[data-programme="${programme.id}"] tbody tr`, (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())),
    );
    expect(rows).toEqual([
      ['invited', '10', '100%', '—'],
      ['confirmed', '8', '80%', '2 (20%)'],
      ['profile complete', '7', '70%', '1 (13%)'],
      ['matched', '6', '60%', '1 (14%)'],
      ['first exchange', '4', '40%', '2 (33%)'],
      ['active at week 4', '2', '20%', '2 (50%)'],
      ['active at week 8', '2', '20%', '0 (0%)'],
      ['active at week 12', '2', '20%', '0 (0%)'],
      ['closed well', '3', '30%', '+1'],
    ]);
  });

  it('ends a pairing only once the box is ticked, and records never-again', async () => {
    const world = await createPairingWorld(running.app);
    await page.goto(`${running.httpUrl}/admin/pairings/${world.pairing.id}`);
    // Without the confirmation the browser does not send the form.
    await page.click('form.close-pairing button[type=submit]');
    expect(new URL(page.url()).pathname).toBe(`/admin/pairings/${world.pairing.id}`);
    const db = running.app.get(DataSource);
    expect((await db.getRepository(Pairing).findOneByOrFail({ id: world.pairing.id })).status).toBe('active');

    await page.check('form.close-pairing input[name=confirm]');
    await page.fill('form.close-pairing input[name=note]', 'they asked to stop');
    await Promise.all([page.waitForNavigation(), page.click('form.close-pairing button[type=submit]')]);
    expect(await page.textContent('main')).toContain('Ended');
    expect(await page.$('form.close-pairing')).toBeNull();
    const ended = await db.getRepository(Pairing).findOneByOrFail({ id: world.pairing.id });
    expect([ended.status, ended.endReason]).toEqual(['ended', 'staff']);
    expect(
      await db
        .getRepository(MatchExclusion)
        .countBy({ mentorId: world.mentor.id, menteeId: world.mentee.id }),
    ).toBe(1);
    expect(dialogs).toEqual([]);
  });
});
