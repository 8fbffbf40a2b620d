import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { injectInbound } from '../../src/cli/commands/inbound.command';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { Participant } from '../../src/programs/entities/participant.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'correct horse battery';

describe('staff edit and remove participants in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;
  let world: PairingWorld;
  const mailDir = mkdtempSync(join(tmpdir(), 'mm-people-mail-'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'coordinator@example.org', PASSWORD);
    world = await createPairingWorld(running.app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(url('/admin/login'));
    await page.fill('input[name=email]', 'coordinator@example.org');
    await page.fill('input[name=password]', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(url('/admin'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const url = (path: string) => `${running.httpUrl}${path}`;

  const inject = async (name: string, raw: string) => {
    const file = join(mailDir, name);
    writeFileSync(file, raw);
    return (await injectInbound(running.app, file))[0];
  };

  it('fixes a bounced address: the new address is sent to, the old one stays suppressed', async () => {
    const suppressions = running.app.get(SuppressionService);
    const old = world.mentee.email;
    const fixed = `tom.fixed.${world.mentee.id.slice(0, 6)}@student-mail.example`;
    await suppressions.suppress(old, 'hard bounce: mailbox does not exist', 'ses');
    // The new mailbox bounced once too (it was full); staff typing it vouches for it now.
    await suppressions.suppress(fixed, 'bounce score 4 in 30 days', 'ses');

    await page.goto(url(`/admin/programmes/${world.programme.id}`));
    await page.click(`a[href="/admin/participants/${world.mentee.id}"]`);
    await page.waitForURL(url(`/admin/participants/${world.mentee.id}`));
    expect(await page.textContent('[data-suppressed]')).toContain(old);

    // A zone that is not an IANA zone is refused and nothing is saved.
    await page.fill('input[name=email]', fixed);
    await page.fill('input[name=timeZone]', 'Mars/Olympus');
    await page.click('form[action$="' + world.mentee.id + '"] button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('"Mars/Olympus" is not a time zone');
    expect((await db.getRepository(Participant).findOneByOrFail({ id: world.mentee.id })).email).toBe(old);

    await page.fill('input[name=timeZone]', 'America/Chicago');
    await page.fill('input[name=preferredName]', 'Tommy');
    await page.click('form[action$="' + world.mentee.id + '"] button[type=submit]');
    await page.waitForURL(/notice=/);
    const notice = await page.textContent('[role=status]');
    expect(notice).toContain('Saved: preferred name, address, time zone.');
    expect(notice).toContain(`${fixed} is no longer suppressed`);
    expect(await page.$('[data-suppressed]')).toBeNull();

    const saved = await db.getRepository(Participant).findOneByOrFail({ id: world.mentee.id });
    expect(saved).toMatchObject({ email: fixed, emailAliases: [fixed], timeZone: 'America/Chicago', preferredName: 'Tommy' });
    expect(await suppressions.isSuppressed(old)).toBe(true);
    expect(await suppressions.isSuppressed(fixed)).toBe(false);
    const audit = await db.query(`SELECT action, detail, staff_id FROM staff_audit WHERE participant_id = $1`, [
      world.mentee.id,
    ]);
    expect(audit).toEqual([
      { action: 'participant_edited', detail: 'preferred name, address, time zone', staff_id: expect.any(String) },
    ]);

    // The mentor writes: the relay reaches the new address, and nothing goes to the old one.
    const { raw } = buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      subject: 'After the fix',
      text: 'Did this one arrive? marker-after-fix',
    });
    await inject('after-fix.eml', raw);
    const copy = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => (m.parsed.text ?? '').includes('marker-after-fix')),
    );
    expect(toAddress(copy.parsed)).toBe(fixed);
    const toOld = await db.query(`SELECT count(*)::int AS n FROM deliveries WHERE to_address = $1`, [old]);
    expect(toOld).toEqual([{ n: 0 }]);
  });
});
