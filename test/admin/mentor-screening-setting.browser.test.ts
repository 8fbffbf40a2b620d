import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { launchChromium, staffPage } from '../support/browser';
import { TestEnv } from '../support/test-env';

const PASSWORD = 'correct horse battery';

/** What the page promises with screening on, word for word (see awaitsScreening and its gates). */
const PROMISE =
  'When on, a mentor is not matched, paired, given a circle or let into a topic room until staff ' +
  'record their background check and safeguarding training on their participant page; mentees need none.';

/**
 * The moderation page's safeguarding form, in a real browser: its "Mentor screening" choice is
 * saved to the programme (null for the default), shown with its effective state, and audited in
 * the same entry as the contact-detail filter.
 */
describe('the mentor screening setting on the moderation page', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;
  let youth: Programme;
  let adults: Programme;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'safeguarding@example.org', PASSWORD);
    const programs = running.app.get(ProgramsService);
    youth = await programs.createProgramme('Young Voices', { consentAge: 16 });
    adults = await programs.createProgramme('Career Changers');
    browser = await launchChromium();
    page = await staffPage(browser, running.httpUrl!, {
      email: 'safeguarding@example.org',
      password: PASSWORD,
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const open = async (p: Programme) => {
    await page.goto(`${running.httpUrl}/admin/programmes/${p.id}`);
    await page.click(`a[href="/admin/programmes/${p.id}/moderation"]`);
    await page.waitForURL(/\/moderation/);
  };
  const state = async () => (await page.textContent('[data-screening-state]'))!.replace(/\s+/g, ' ').trim();
  const stored = async (p: Programme) => {
    const row = await db.getRepository(Programme).findOneByOrFail({ id: p.id });
    return { screeningRequired: row.screeningRequired, contactFilter: row.contactFilter };
  };
  const audits = async (p: Programme): Promise<string[]> =>
    (
      await db.query(
        `SELECT detail FROM staff_audit WHERE programme_id = $1 AND action = 'safeguarding_changed' ORDER BY id`,
        [p.id],
      )
    ).map((r: { detail: string }) => r.detail);

  it('a youth programme screens its mentors by default, and the page says what that means', async () => {
    await open(youth);
    expect(await state()).toBe(
      'Mentor screening is on for this programme (the default: on when the programme asks guardian consent). ' +
        `${PROMISE} Someone open to either role may meanwhile be matched as a mentee. ` +
        'Turning it on undoes no pairing, circle or room already made: the work queue shows each live pair ' +
        'or circle whose mentor is not screened, and a paused pair of theirs is not resumed. ' +
        'A recorded check or training does not lapse.',
    );
    expect(await page.inputValue('select[name=screeningRequired]')).toBe('auto');
    expect(await stored(youth)).toEqual({ screeningRequired: null, contactFilter: null });
  });

  it('staff turn it off: saved as their choice, shown off, and audited with the filter', async () => {
    await page.selectOption('select[name=screeningRequired]', 'off');
    await page.click('form[action$="/safeguarding"] button[type=submit]');
    await page.waitForURL(/notice=/);
    expect(await page.textContent('[role=status]')).toBe(
      'Saved: the contact-detail filter is on; mentor screening is off.',
    );
    expect(await state()).toMatch(/^Mentor screening is off for this programme\. When on, /);
    expect(await page.inputValue('select[name=screeningRequired]')).toBe('off');
    // The filter, saved by the same form, kept its default.
    expect(await page.inputValue('select[name=contactFilter]')).toBe('auto');
    expect(await stored(youth)).toEqual({ screeningRequired: false, contactFilter: null });
    expect(await audits(youth)).toEqual([
      'filter auto (on), 0 allowed, 0 word(s); mentor screening off (off)',
    ]);
    await page.goto(`${running.httpUrl}/admin/programmes/${youth.id}/audit`);
    expect(await page.textContent('[data-actions] tbody')).toContain('mentor screening off (off)');
  });

  it('back to the default, it follows the programme again', async () => {
    await open(youth);
    await page.selectOption('select[name=screeningRequired]', 'auto');
    await page.click('form[action$="/safeguarding"] button[type=submit]');
    await page.waitForURL(/notice=/);
    expect(await page.textContent('[role=status]')).toContain('mentor screening is on.');
    expect(await stored(youth)).toEqual({ screeningRequired: null, contactFilter: null });
    expect((await audits(youth)).at(-1)).toBe(
      'filter auto (on), 0 allowed, 0 word(s); mentor screening auto (on)',
    );
  });

  it('a programme without guardian consent is off by default, and staff can turn it on', async () => {
    await open(adults);
    expect(await state()).toMatch(
      /^Mentor screening is off for this programme \(the default: on when the programme asks guardian consent\)\. /,
    );
    await page.selectOption('select[name=screeningRequired]', 'on');
    await page.click('form[action$="/safeguarding"] button[type=submit]');
    await page.waitForURL(/notice=/);
    expect(await page.textContent('[role=status]')).toBe(
      'Saved: the contact-detail filter is off; mentor screening is on.',
    );
    expect(await state()).toMatch(/^Mentor screening is on for this programme\. When on, /);
    expect(await stored(adults)).toEqual({ screeningRequired: true, contactFilter: null });
    expect(await audits(adults)).toEqual([
      'filter auto (off), 0 allowed, 0 word(s); mentor screening on (on)',
    ]);
  });

  it('a value outside the three choices changes nothing', async () => {
    const csrf = await page.getAttribute('input[name=_csrf]', 'value');
    const res = await page.request.post(`${running.httpUrl}/admin/programmes/${adults.id}/safeguarding`, {
      form: {
        _csrf: csrf!,
        contactFilter: 'off',
        screeningRequired: 'sometimes',
        contactAllow: '',
        filterKeywords: '',
      },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(400);
    expect(await stored(adults)).toEqual({ screeningRequired: true, contactFilter: null });
    expect(await audits(adults)).toHaveLength(1);
  });

  it('a validity in months: saved, said on the page, audited; out of range changes nothing', async () => {
    await open(adults);
    expect(await state()).toContain('A recorded check or training does not lapse.');
    await page.fill('input[name=screeningValidMonths]', '36');
    await page.click('form[action$="/safeguarding"] button[type=submit]');
    await page.waitForURL(/notice=/);
    expect(await state()).toContain(
      'A recorded check or training lapses 36 months after the day it was done: it is then cleared, which ' +
        "pauses that mentor's pairs as clearing it by hand does.",
    );
    expect((await db.getRepository(Programme).findOneByOrFail({ id: adults.id })).screeningValidMonths).toBe(
      36,
    );
    expect((await audits(adults)).at(-1)).toBe(
      'filter auto (off), 0 allowed, 0 word(s); mentor screening on (on), valid 36 months',
    );

    const csrf = await page.getAttribute('input[name=_csrf]', 'value');
    for (const months of ['0', '121', 'three'])
      expect(
        (
          await page.request.post(`${running.httpUrl}/admin/programmes/${adults.id}/safeguarding`, {
            form: {
              _csrf: csrf!,
              contactFilter: 'auto',
              screeningRequired: 'on',
              screeningValidMonths: months,
              contactAllow: '',
              filterKeywords: '',
            },
            maxRedirects: 0,
          })
        ).status(),
      ).toBe(400);
    expect((await db.getRepository(Programme).findOneByOrFail({ id: adults.id })).screeningValidMonths).toBe(
      36,
    );

    // Emptied: it no longer lapses.
    await open(adults);
    await page.fill('input[name=screeningValidMonths]', '');
    await page.click('form[action$="/safeguarding"] button[type=submit]');
    await page.waitForURL(/notice=/);
    expect(
      (await db.getRepository(Programme).findOneByOrFail({ id: adults.id })).screeningValidMonths,
    ).toBeNull();
  });
});
