import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { addProfiled } from '../factories/match-people';
import { TestEnv } from '../support/test-env';

jest.setTimeout(90_000);

const PASSWORD = 'correct horse battery';

/** Staff propose circles on the match page in a real browser, discard one and accept another. */
describe('circle proposals on the match page in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;
  let programme: Programme;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'coordinator@example.org', PASSWORD);
    programme = await running.app.get(ProgramsService).createProgramme('Circle Trust');
    const add = (name: string, role: 'mentor' | 'mentee', topics: string[]) =>
      addProfiled(running.app, programme, role, { name, topics });
    await add('Lena', 'mentor', ['sales']);
    await add('Omar', 'mentor', ['law']);
    for (const name of ['Ana', 'Ben', 'Cleo']) await add(name, 'mentee', ['sales']);
    for (const name of ['Eve', 'Fay', 'Gus']) await add(name, 'mentee', ['law']);
    await add('Stella', 'mentee', ['astronomy']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const url = (path: string) => `${running.httpUrl}${path}`;
  const card = (topic: string) =>
    page.locator('#proposed-circles li').filter({ has: page.locator('h3', { hasText: `${topic}:` }) });

  it('proposes circles by shared topic from the match page, with leads, members, why and who is left for pairs', async () => {
    await page.goto(url('/admin/login'));
    await page.fill('input[name=email]', 'coordinator@example.org');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(url('/admin'));
    await page.goto(url(`/admin/programmes/${programme.id}/match`));
    expect(await page.textContent('#circles')).toContain('No circles proposed yet.');
    await page.click('button:has-text("Propose circles")');
    await page.waitForSelector('#proposed-circles');
    expect(await page.textContent('[role=status]')).toContain(
      'Proposed 2 circles; 1 mentees are left for one-to-one matching.',
    );
    expect(await card('sales').textContent()).toMatch(/Leads:\s*Lena/);
    expect(await card('sales').textContent()).toMatch(/Members:\s*Ana, Ben, Cleo/);
    expect(await card('law').textContent()).toContain('3 mentees who all list law');
    expect(await page.textContent('#circle-left-out')).toContain(
      'Stella: fewer than 3 waiting mentees list astronomy: left for one-to-one matching',
    );
  });

  it('discards one circle and accepts the other only once confirmed, under the name staff gave', async () => {
    await card('law').locator('button:has-text("Discard this circle")').click();
    await page.waitForSelector('[role=status]');
    expect(await page.textContent('[role=status]')).toContain('Circle discarded');
    expect(await card('law').textContent()).toContain('Discarded');
    expect(await card('law').locator('button').count()).toBe(0);

    const sales = card('sales');
    await sales.locator('input[name=name]').fill('Sales starters');
    await sales.locator('button:has-text("Accept this circle")').click();
    // The box is required: the browser does not send the form, and nothing is created.
    expect(await sales.locator('input[name=confirm]:invalid').count()).toBe(1);
    expect(await db.getRepository(Pairing).countBy({ programmeId: programme.id })).toBe(0);
    await sales.locator('input[name=confirm]').check();
    await sales.locator('button:has-text("Accept this circle")').click();
    await page.waitForSelector('[role=status]');
    expect(await page.textContent('[role=status]')).toContain('Created the circle Sales starters');
    const made = await db.getRepository(Pairing).findBy({ programmeId: programme.id });
    expect(made.map((c) => [c.kind, c.name])).toEqual([['circle', 'Sales starters']]);
    await card('sales').locator(`a[href="/admin/circles/${made[0].id}"]`).click();
    expect(await page.textContent('main')).toContain('Sales starters');
  });
});
