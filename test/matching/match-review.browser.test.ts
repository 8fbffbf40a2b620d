import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { MatchExclusion } from '../../src/matching/entities/match-exclusion.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { addProfiled } from '../factories/match-people';
import { TestEnv } from '../support/test-env';

jest.setTimeout(90_000);

const PASSWORD = 'correct horse battery';

/** Staff review a proposal in a real browser: run, a refused and an accepted swap, exclude, accept all. */
describe('the matching review page in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;
  let programme: Programme;
  const people: Record<string, Participant> = {};

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'coordinator@example.org', PASSWORD);
    programme = await running.app.get(ProgramsService).createProgramme('Review Trust');
    const add = async (key: string, role: 'mentor' | 'mentee', languages: string[], extra = {}) => {
      people[key] = await addProfiled(running.app, programme, role, { name: key, languages, ...extra });
    };
    await add('Ann', 'mentor', ['English'], { topics: ['sales'] });
    await add('Eva', 'mentor', ['Spanish', 'English'], { capacity: 2 });
    await add('Ed', 'mentee', ['English'], { topics: ['sales'] });
    await add('Bea', 'mentee', ['English', 'Spanish']);
    await add('Sal', 'mentee', ['Spanish']);
    await add('Wyn', 'mentee', ['Welsh']);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const url = (path: string) => `${running.httpUrl}${path}`;
  const mentorOf = async (mentee: string) =>
    (
      await page
        .locator('#pairs tbody tr')
        .filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^\\s*${mentee}\\s*$`) }) })
        .locator('td')
        .first()
        .textContent()
    )?.trim();

  it('logs in and runs a match from the programme page, showing the explanations and who is left out and why', async () => {
    await page.goto(url('/admin/login'));
    await page.fill('input[name=email]', 'coordinator@example.org');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(url('/admin'));
    await page.goto(url(`/admin/programmes/${programme.id}`));
    await page.click('text=Matching: propose, review and accept pairs');
    expect(await page.textContent('main')).toContain('No proposal yet.');
    await page.click('button:has-text("Run a match")');
    await page.waitForSelector('#pairs');
    expect(await page.textContent('[role=status]')).toContain(
      'Proposed 3 pairs for 2 mentors and 4 mentees ready',
    );
    expect(await page.locator('#pairs tbody tr').count()).toBe(3);
    expect(await page.textContent('#pairs')).toMatch(/both speak English/);
    expect(await mentorOf('Sal')).toBe('Eva');
    expect(await page.textContent('#unmatched')).toMatch(
      /Wyn \(mentee\): no mentor meets the hard rules: no shared language/,
    );
    expect(await page.textContent('#totals')).toMatch(/total score \d+ · a greedy/);
  });

  it('refuses a swap that breaks the language rule, saying why, and makes one that keeps it', async () => {
    await page.selectOption('select[name=menteeA]', people.Ed.id);
    await page.selectOption('select[name=menteeB]', people.Sal.id);
    await page.click('button:has-text("Swap their mentors")');
    await page.waitForSelector('[role=alert]');
    expect(await page.textContent('[role=alert]')).toMatch(/Swap refused: Ann with Sal: .*language/);
    expect(await mentorOf('Ed')).toBe('Ann');

    await page.selectOption('select[name=menteeA]', people.Ed.id);
    await page.selectOption('select[name=menteeB]', people.Bea.id);
    await page.click('button:has-text("Swap their mentors")');
    await page.waitForSelector('[role=status]');
    expect(await page.textContent('[role=status]')).toMatch(/^Swapped: the two pairs now score \d+ together/);
    expect(await mentorOf('Ed')).toBe('Eva');
    expect(await mentorOf('Bea')).toBe('Ann');
  });

  it('excludes a pair for good and shows the re-run', async () => {
    await page.click('button:has-text("Never pair Ann with Bea")');
    await page.waitForSelector('[role=status]');
    expect(await page.textContent('[role=status]')).toContain(
      'Those two will never be paired; the match was run again',
    );
    expect(
      await db.getRepository(MatchExclusion).countBy({ mentorId: people.Ann.id, menteeId: people.Bea.id }),
    ).toBe(1);
    expect(await mentorOf('Bea')).toBe('Eva');
    expect(await mentorOf('Ed')).toBe('Ann');
  });

  it('accepts all only once confirmed, then the pairings exist and the page links them', async () => {
    const rows = await page.locator('#pairs tbody tr').count();
    await page.click('button:has-text("Accept all")');
    // The box is required: the browser does not send the form, and nothing is created.
    expect(await page.locator('input[name=confirm]:invalid').count()).toBe(1);
    expect(await db.getRepository(Pairing).countBy({ programmeId: programme.id })).toBe(0);
    await page.check('input[name=confirm]');
    await page.click('button:has-text("Accept all")');
    await page.waitForSelector('[role=status]');
    expect(await page.textContent('[role=status]')).toContain(`Created ${rows} pairings`);
    const pairings = await db.getRepository(Pairing).findBy({ programmeId: programme.id });
    expect(pairings).toHaveLength(rows);
    expect(pairings.every((p) => p.status === 'active')).toBe(true);
    expect(await page.locator('#pairs a[href^="/admin/pairings/"]').count()).toBe(rows);
    expect(await page.locator('button:has-text("Accept all")').count()).toBe(0);
    await page.click('#pairs a[href^="/admin/pairings/"] >> nth=0');
    expect(await page.textContent('main')).toContain('@');
  });
});
