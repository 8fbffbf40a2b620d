import { chromium, type Browser, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { ParticipantProfile } from '../../src/enrolment/entities/participant-profile.entity';
import { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// A real browser against the real server on a shared machine.
jest.setTimeout(90_000);

/**
 * Staff invite people from the programme page and see each person's stage; a person confirms
 * with the email's button: the page it opens changes nothing until its own button is pressed.
 */
describe('enrolment in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let browser: Browser;
  let staff: Page;
  let phone: Page;
  let programme: Programme;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker', SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'coordinator@example.org', 'correct horse battery');
    programme = await running.app.get(ProgramsService).createProgramme('Open Paths', {
      termsUrl: 'https://openpaths.example/terms',
      description: 'Open Paths pairs first-generation students with alumni.',
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    staff = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
    for (const page of [staff, phone])
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
      });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 60_000);

  const url = (path: string) => `${running.httpUrl}${path}`;
  const stageOf = (name: string) =>
    staff.locator('tr', { hasText: name }).locator('[data-stage]').textContent();

  it('invites a CSV from the programme page, then shows each person’s stage as they confirm', async () => {
    await staff.goto(url('/admin/login'));
    await staff.fill('input[name=email]', 'coordinator@example.org');
    await staff.fill('input[name=password]', 'correct horse battery');
    await staff.click('button[type=submit]');
    await staff.waitForURL(url('/admin'));

    await staff.goto(url(`/admin/programmes/${programme.id}/import`));
    await staff.fill(
      'textarea[name=invites]',
      'name,email,role\nIris Mendes,iris@people.example,mentee\nOwen Hale,owen@people.example,mentor',
    );
    await staff.getByRole('button', { name: 'Invite' }).click();
    await staff.getByRole('status').filter({ hasText: 'Invited 2 participant(s)' }).waitFor();
    expect(await stageOf('Iris Mendes')).toBe('invited');
    expect(await stageOf('Owen Hale')).toBe('invited');

    // Iris opens the email's button on her phone.
    const mail = await waitFor(
      async () =>
        (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === 'iris@people.example') ?? null,
    );
    const href = /href="([^"]*\/confirm\/[a-z2-7]+)"/.exec(String(mail.parsed.html))![1];
    await phone.goto(url(new URL(href).pathname));
    await phone.getByRole('heading', { name: 'Join Open Paths?' }).waitFor();
    await expect(phone.locator('body').textContent()).resolves.toContain(
      'first-generation students with alumni',
    );
    expect(await phone.getByRole('link', { name: "the programme's terms" }).getAttribute('href')).toBe(
      'https://openpaths.example/terms',
    );
    const iris = await db.getRepository(Participant).findOneByOrFail({ email: 'iris@people.example' });
    const profile = () => db.getRepository(ParticipantProfile).findOneByOrFail({ participantId: iris.id });
    expect((await profile()).confirmedAt).toBeNull();

    await phone.getByRole('button', { name: 'Confirm' }).click();
    await phone.getByRole('heading', { name: "You're confirmed" }).waitFor();
    expect((await profile()).confirmedAt).not.toBeNull();
    // The questions follow by email.
    await waitFor(
      async () =>
        (await readOutbox(env.outboxDir)).find(
          (m) =>
            toAddress(m.parsed) === 'iris@people.example' && /A few questions/.test(m.parsed.subject ?? ''),
        ) ?? null,
    );

    await staff.reload();
    expect(await stageOf('Iris Mendes')).toBe('confirmed');
    expect(await stageOf('Owen Hale')).toBe('invited');
    expect(cspViolations).toEqual([]);
  });
});
