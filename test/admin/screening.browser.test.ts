import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { launchChromium, staffPage } from '../support/browser';
import { TestEnv } from '../support/test-env';

const STAFF = 'coordinator@example.org';
const PASSWORD = 'correct horse battery';

/**
 * A coordinator records a mentor's background check and safeguarding training on the mentor's
 * page, sees who recorded them and when, then clears one: the form will not go without its
 * confirmation, and the page says what clearing did, which the rows bear out.
 */
describe("staff record and clear a mentor's screening in a real browser", () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let browser: Browser;
  let page: Page;
  let youth: PairingWorld;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, STAFF, PASSWORD);
    youth = await createPairingWorld(running.app);
    // A youth programme (it asks for screening by default), its pair already under way.
    await db.query(`UPDATE programmes SET consent_age = 16 WHERE id = $1`, [youth.programme.id]);
    browser = await launchChromium();
    page = await staffPage(browser, running.httpUrl!, { email: STAFF, password: PASSWORD });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const card = (check: string) => `[data-screening] [data-check="${check}"]`;
  const said = async (selector: string) => (await page.textContent(selector))!.replace(/\s+/g, ' ').trim();

  it('records both checks, shows who recorded them, and clears one only with the confirmation', async () => {
    const mentorPage = `${running.httpUrl}/admin/participants/${youth.mentor.id}`;
    await page.goto(mentorPage);
    expect(await said('[data-screening-required]')).toContain('This programme asks for screening');
    expect(await said(`${card('background')} [data-check-state]`)).toBe('Not recorded.');

    for (const [check, done] of [
      ['background', 'Background check recorded.'],
      ['training', 'Safeguarding training recorded.'],
    ]) {
      await page.click(`${card(check)} button[type=submit]`);
      await page.waitForURL((url) => url.searchParams.get('notice') === done);
      expect(await said('[role=status]')).toBe(done);
    }
    const recordedOn = new RegExp(`^Recorded on \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} by ${STAFF}\\.$`);
    expect(await said(`${card('background')} [data-check-state]`)).toMatch(recordedOn);
    expect(await said(`${card('training')} [data-check-state]`)).toMatch(recordedOn);
    // The page says what clearing does here, before anyone clears.
    expect(await said(card('background'))).toContain(
      'it also pauses their active pairings in which they are the mentor',
    );

    // Unticked, the browser keeps the form: nothing is posted, nothing changes.
    const before = page.url();
    await page.click(`${card('background')} button.danger`);
    const confirm = `${card('background')} input[name=confirm]`;
    // The checkbox is required: the browser's own form validation stopped the submission.
    expect(await page.evaluate(`document.querySelector('${confirm}').validity.valueMissing`)).toBe(true);
    expect(page.url()).toBe(before);
    const [kept] = (await db.query(`SELECT background_checked_at FROM participants WHERE id = $1`, [
      youth.mentor.id,
    ])) as { background_checked_at: Date | null }[];
    expect(kept.background_checked_at).not.toBeNull();

    await page.check(confirm);
    await page.click(`${card('background')} button.danger`);
    await page.waitForURL(/cleared/);
    expect(await said('[role=status]')).toBe(
      'Background check cleared. 1 pairing where they are the mentor paused; they left 0 circles they lead ' +
        'and 0 topic rooms. Recording it again resumes none of them.',
    );
    expect(await said(`${card('background')} [data-check-state]`)).toBe('Not recorded.');
    expect(await said(`${card('training')} [data-check-state]`)).toMatch(recordedOn);
    const [pairing] = (await db.query(`SELECT status FROM pairings WHERE id = $1`, [youth.pairing.id])) as {
      status: string;
    }[];
    expect(pairing.status).toBe('paused');
    // The pairing list on the same page shows it too.
    expect(await said(`a[href="/admin/pairings/${youth.pairing.id}"] + .badge`)).toBe('paused');
  });

  it('the work queue names a live pair whose mentor is not screened and leads to the page that records it', async () => {
    const legacy = await createPairingWorld(running.app);
    await db.query(`UPDATE programmes SET consent_age = 16 WHERE id = $1`, [legacy.programme.id]);
    const item = `[data-pairing="${legacy.pairing.id}"][data-signal="screening_missing"]`;
    await page.goto(`${running.httpUrl}/admin/attention`);
    expect(await said(`${item} h3`)).toBe(
      "A mentor's background check or training is not recorded: Maria Mentor",
    );
    expect(await said(item)).toContain('background check and training not recorded');

    await page.click(`${item} a[data-screening-link]`);
    await page.waitForURL(`${running.httpUrl}/admin/participants/${legacy.mentor.id}`);
    // The background check was done weeks ago: staff give its day; the training, today.
    await page.fill(`${card('background')} input[name=on]`, '2026-01-15');
    for (const check of ['background', 'training']) {
      await page.click(`${card(check)} button[type=submit]`);
      await page.waitForURL(/notice=/);
    }
    expect(await said(`${card('background')} [data-check-state]`)).toMatch(/^Recorded on 2026-01-15 /);
    const [row] = (await db.query(`SELECT background_checked_at FROM participants WHERE id = $1`, [
      legacy.mentor.id,
    ])) as { background_checked_at: Date }[];
    expect(row.background_checked_at).toEqual(new Date('2026-01-15T12:00:00Z'));
    await page.goto(`${running.httpUrl}/admin/attention`);
    expect(await page.locator(item).count()).toBe(0);
  });
});
