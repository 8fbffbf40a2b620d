import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { injectInbound } from '../../src/cli/commands/inbound.command';
import { Message } from '../../src/conversations/entities/message.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { Participant } from '../../src/programs/entities/participant.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { getPrompt } from '../../src/prompts/library/prompt-library';
import { TEMPLATE_NAMES } from '../../src/rendering/template-catalog';
import { buildEmail } from '../factories/emails';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'correct horse battery';

describe('the admin view in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;
  let programme: Programme;
  const dialogs: string[] = [];
  const cspViolations: string[] = [];
  const mailDir = mkdtempSync(join(tmpdir(), 'mm-admin-mail-'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'coordinator@example.org', PASSWORD);
    programme = await running.app.get(ProgramsService).createProgramme('Bright Futures');
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const url = (path: string) => `${running.httpUrl}${path}`;

  const inject = async (name: string, raw: string) => {
    const file = join(mailDir, name);
    writeFileSync(file, raw);
    const [receipt] = await injectInbound(running.app, file);
    return waitFor(() => db.getRepository(Message).findOneBy({ inboundEmailId: receipt.id }), 20000);
  };

  it('sends an anonymous visitor to the login form, then logs in', async () => {
    await page.goto(url('/admin'));
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await page.fill('input[name=email]', 'coordinator@example.org');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(url('/admin'));
    expect(await page.textContent('h1')).toBe('Dashboard');
    expect(await page.textContent('main')).toContain('Bright Futures');
    // The stylesheet is inline under a hash-based CSP: a byte of drift and the page is unstyled.
    expect(cspViolations.filter((v) => !/frame|srcdoc/i.test(v))).toEqual([]);
    const font = String(await page.evaluate('getComputedStyle(document.body).fontFamily'));
    expect(font).not.toMatch(/^"?Times/);
  });

  it('shows the error of a bad CSV line and imports nothing', async () => {
    await page.goto(url(`/admin/programmes/${programme.id}/import`));
    await page.fill(
      'textarea[name=csv]',
      'name,email,role,pairing\nAna Mentor,ana@mentor.example,mentor,p1\nBo Mentee,not-an-address,mentee,p1\n',
    );
    await page.click('form[action$="/import"] button[type=submit]');
    const error = await page.textContent('.line-error');
    expect(error).toBe('Line 3: "not-an-address" is not an email address');
    expect(await page.textContent('[role=alert]')).toContain('Nothing was imported');
    expect(await page.$('form[action$="/import/confirm"]')).toBeNull();
    expect(await db.getRepository(Participant).countBy({ programmeId: programme.id })).toBe(0);
  });

  it('imports a clean CSV after the preview, then creates a pairing by hand', async () => {
    await page.goto(url(`/admin/programmes/${programme.id}`));
    // The programme's sections are tabs: plain links, the current one marked for screen readers.
    await page.click('nav.tabs a:text-is("Import and invite")');
    expect(new URL(page.url()).pathname).toBe(`/admin/programmes/${programme.id}/import`);
    expect(await page.getAttribute('nav.tabs [aria-current=page]', 'href')).toBe(
      `/admin/programmes/${programme.id}/import`,
    );
    await page.fill(
      'textarea[name=csv]',
      'name,email,role,pairing,time_zone\nMaria Mentor,maria@mentor.example,mentor,,Europe/Berlin\nTom Mentee,tom@student.example,mentee,,America/New_York\n',
    );
    await page.click('form[action$="/import"] button[type=submit]');
    await page.click('form[action$="/import/confirm"] button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Imported 2 participant(s) and 0 pairing(s)');
    expect(new URL(page.url()).pathname).toBe(`/admin/programmes/${programme.id}/participants`);
    expect(await page.textContent('main table')).toContain('maria@mentor.example');

    await page.click('nav.tabs a:text-is("Pairings")');
    await page.selectOption('select[name=mentorId]', { label: 'Maria Mentor <maria@mentor.example> (0)' });
    await page.selectOption('select[name=menteeIds]', { label: 'Tom Mentee <tom@student.example> (0)' });
    await page.click('form[method=post][action$="/pairings"] button[type=submit]');
    await page.waitForURL(/\/admin\/pairings\//);
    expect(await page.textContent('h1')).toBe('Maria Mentor & Tom Mentee');
  });

  it('imports what spreadsheets save or copy: UTF-16 with tabs, pasted cells, windows-1252 with semicolons', async () => {
    const upload = async (name: string, buffer: Buffer) => {
      await page.goto(url(`/admin/programmes/${programme.id}/import`));
      await page.setInputFiles('input[type=file][name=file]', { name, mimeType: 'text/csv', buffer });
      await page.click('form[action$="/import"] button[type=submit]');
      return (await page.textContent('main')) ?? '';
    };
    // Excel's "Unicode Text": UTF-16 with its byte order mark, tab-separated. Read as it is.
    const unicodeText = Buffer.from(
      '\ufeffname\temail\trole\nLéa Zoë Ørsted\tlea@student.example\tmentee\n',
      'utf16le',
    );
    const utf16 = await upload('people.txt', unicodeText);
    expect(utf16).toContain('Léa Zoë Ørsted');
    expect(await page.$('.caution')).toBeNull();
    expect(await page.textContent('.ok')).toContain('1 participant(s)');

    // Cells copied from a spreadsheet and pasted: tab-separated text. The picker offers .txt files.
    await page.goto(url(`/admin/programmes/${programme.id}/import`));
    expect(await page.getAttribute('input[type=file][name=file]', 'accept')).toContain('.txt');
    await page.fill('textarea[name=csv]', 'name\temail\trole\nKai Weiß\tkai@student.example\tmentee\n');
    await page.click('form[action$="/import"] button[type=submit]');
    expect(await page.textContent('main')).toContain('Kai Weiß');
    expect(await page.textContent('.ok')).toContain('1 participant(s)');

    // Excel's plain "CSV" on a French or Spanish Windows: windows-1252, semicolon-separated.
    const ansi = Buffer.from('name;email;role\r\nJosé Núñez;jose@mentor.example;mentor\r\n', 'latin1');
    const preview = await upload('people.csv', ansi);
    expect(preview).toContain('José Núñez');
    // The page says how it read a file that was not UTF-8, and what to do if the names look wrong.
    expect(await page.textContent('.caution')).toContain('read as Windows-1252');
    await page.click('form[action$="/import/confirm"] button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Imported 1 participant(s)');
    const jose = await db.getRepository(Participant).findOneByOrFail({ email: 'jose@mentor.example' });
    expect(jose.name).toBe('José Núñez');
  });

  it('moves the programme to another weekday and hour, and refuses an hour that does not exist', async () => {
    await page.goto(url(`/admin/programmes/${programme.id}/schedule`));
    await page.selectOption('select[name=sendWeekday]', { label: 'Thursday' });
    await page.selectOption('select[name=sendHour]', { label: '15:00' });
    await page.click('form[action$="/schedule"] button[type=submit]');
    expect(await page.textContent('[role=status]')).toContain('Saved: prompts on Thursday at 15:00');
    expect(await page.inputValue('select[name=sendWeekday]')).toBe('4');
    const saved = await db.query(`SELECT send_weekday, send_hour FROM programmes WHERE id = $1`, [
      programme.id,
    ]);
    expect(saved).toEqual([{ send_weekday: 4, send_hour: 15 }]);

    // A tampered form: the server checks the value, not just the select.
    await page.evaluate(`document.querySelector('select[name=sendHour] option:checked').value = '25'`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/schedule')),
      page.click('form[action$="/schedule"] button[type=submit]'),
    ]);
    expect(response.status()).toBe(400);
    expect(await page.textContent('body')).toContain('The hour must be 0 to 23');
    const unchanged = await db.query(`SELECT send_hour FROM programmes WHERE id = $1`, [programme.id]);
    expect(unchanged).toEqual([{ send_hour: 15 }]);
  });

  it('shows a reply injected through the CLI in the thread view, and records the view', async () => {
    const pairing = await db.getRepository(Pairing).findOneByOrFail({ programmeId: programme.id });
    const message = await inject(
      'reply.eml',
      buildEmail({
        from: 'tom@student.example',
        fromName: 'Tom Mentee',
        to: pairing.relayAddress,
        subject: 'First week',
        text: 'Hi Maria, this week I finished the portfolio draft.\n\nOn Monday, Maria wrote:\n> How is the portfolio going?',
      }).raw,
    );
    await page.goto(url(`/admin/threads/${message.threadId}`));
    expect(await page.textContent('main')).toContain('this week I finished the portfolio draft');
    expect(await page.textContent('article details summary')).toContain('Quoted text');
    await page.goto(url(`/admin/pairings/${pairing.id}`));
    const views = await page.textContent('main');
    expect(views).toContain('coordinator@example.org');
    expect(views).toContain('First week');
    // The README's screenshot is refreshed on request only, so a test run leaves the checkout clean.
    const shots = process.env.UPDATE_SCREENSHOTS ? '../../docs/screenshots' : '../../var/screenshots';
    mkdirSync(join(__dirname, shots), { recursive: true });
    await page.screenshot({ path: join(__dirname, shots, 'pairing.png'), fullPage: true });
  });

  it('runs nothing from an inbound HTML email', async () => {
    const pairing = await db.getRepository(Pairing).findOneByOrFail({ programmeId: programme.id });
    const payload = `window.__pwned = 1; document.title = 'pwned'; alert('pwned')`;
    const message = await inject(
      'evil.eml',
      buildEmail({
        from: 'maria@mentor.example',
        to: pairing.relayAddress,
        subject: 'Formatted notes',
        text: 'Notes attached as HTML.',
        html: `<p>Notes <b>bold</b></p><script>${payload}</script><img src=x onerror="${payload}"><svg onload="${payload}"></svg><a href="javascript:${payload}">x</a>`,
      }).raw,
    );
    await page.goto(url(`/admin/threads/${message.threadId}`));
    const title = await page.title();
    for (const details of await page.$$('details')) await details.evaluate((d) => d.setAttribute('open', ''));
    await page.waitForTimeout(500);
    expect(await page.title()).toBe(title);
    expect(title).not.toContain('pwned');
    // The browser's `window`, typed loosely: the test runs under Node's types.
    expect(await page.evaluate('typeof globalThis.__pwned')).toBe('undefined');
    expect(dialogs).toEqual([]);
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(await frame!.content()).toContain('<b>bold</b>');
    expect(await frame!.content()).not.toMatch(/onerror|<script|javascript:/i);
  });

  it('previews every email template in a sandboxed frame with its styles applied', async () => {
    await page.goto(url('/admin/templates'));
    const frames = page.frames().filter((f) => f !== page.mainFrame());
    expect(frames.length).toBeGreaterThanOrEqual(TEMPLATE_NAMES.length + 25);
    const ask = getPrompt('goals-moodboard').card.mentee.ask;
    const prompt = page.frameLocator('[id="prompt:goals-moodboard"] iframe');
    expect(await prompt.locator('body').innerText()).toContain(ask);
    // The MJML stylesheet is allowed on this page (and only here): the frame's body is styled.
    const styles = await frames[0].evaluate('document.styleSheets.length');
    expect(styles).toBeGreaterThan(0);
    expect(await page.textContent('[id="prompt:goals-moodboard"] pre')).toContain(ask);
  });

  it('logs out, and the pages refuse the browser afterwards', async () => {
    await page.goto(url('/admin'));
    await page.click('header form button[type=submit]');
    await page.waitForURL(/\/admin\/login/);
    const response = await page.goto(url(`/admin/programmes/${programme.id}`));
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    expect(response?.status()).toBe(200);
    const api = await page.request.get(url('/api/programmes'));
    expect(api.status()).toBe(401);
  });
});
