import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, staffPage } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { injectInbound } from '../../src/cli/commands/inbound.command';
import { SuppressionService } from '../../src/outbound/feedback/suppression.service';
import { OutboundPauseService } from '../../src/outbound/sending/pause.service';
import { ProgramsService } from '../../src/programs/programs.service';
import { BLOB_STORAGE, type BlobStorage } from '../../src/storage/blob-storage';
import { Participant } from '../../src/programs/entities/participant.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

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
    browser = await launchChromium();
    page = await staffPage(browser, running.httpUrl!, {
      email: 'coordinator@example.org',
      password: PASSWORD,
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
    return (await injectInbound(running.app, file))[0];
  };

  it('fixes a bounced address: the new address is sent to, the old one stays suppressed', async () => {
    const suppressions = running.app.get(SuppressionService);
    const old = world.mentee.email;
    const fixed = `tom.fixed.${world.mentee.id.slice(0, 6)}@student-mail.example`;
    await suppressions.suppress(old, 'hard bounce: mailbox does not exist', 'ses');
    // The new mailbox bounced once too (it was full); staff typing it vouches for it now.
    await suppressions.suppress(fixed, 'bounce score 4 in 30 days', 'ses');

    await page.goto(url(`/admin/programmes/${world.programme.id}/participants`));
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
    expect(saved).toMatchObject({
      email: fixed,
      emailAliases: [fixed],
      timeZone: 'America/Chicago',
      preferredName: 'Tommy',
    });
    expect(await suppressions.isSuppressed(old)).toBe(true);
    expect(await suppressions.isSuppressed(fixed)).toBe(false);
    const audit = await db.query(
      `SELECT action, detail, staff_id FROM staff_audit WHERE participant_id = $1`,
      [world.mentee.id],
    );
    expect(audit).toEqual([
      {
        action: 'participant_edited',
        detail: 'preferred name, address, time zone',
        staff_id: expect.any(String),
      },
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

  it('removes a participant with their data after a confirmation, leaving no trace of them', async () => {
    const programs = running.app.get(ProgramsService);
    const tag = world.mentee.id.slice(0, 6);
    const address = `zoe.quill.${tag}@quill-mail.example`;
    const zoe = await programs.addParticipant(world.programme.id, {
      name: 'Zoë Quill',
      preferredName: 'Zoë',
      email: address,
      aliases: [`zq.${tag}@other-quill.example`],
      role: 'mentee',
      timeZone: 'Europe/Paris',
    });
    const mentor = await programs.addParticipant(world.programme.id, {
      name: 'Rui Costa',
      email: `rui.${tag}@costa-mail.example`,
      role: 'mentor',
    });
    const pairing = await programs.createPairing(world.programme, mentor, [zoe]);
    const sent = (
      from: string,
      text: string,
      name: string,
      extra: Partial<Parameters<typeof buildEmail>[0]> = {},
    ) =>
      inject(
        name,
        buildEmail({ from, to: pairing.relayAddress, subject: 'Hello from Zoë Quill', text, ...extra }).raw,
      );
    const first = buildEmail({
      from: address,
      to: pairing.relayAddress,
      subject: 'Hello from Zoë Quill',
      text: 'Hi Rui, I am Zoë Quill. Write to me at zoe.quill.' + tag + '@quill-mail.example any time.',
    });
    await inject('zoe-1.eml', first.raw);
    await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => (m.parsed.text ?? '').includes('I am Zoë Quill')),
    );
    await sent(
      mentor.email,
      `Great to meet you, Zoë Quill! Rui here.\n\nOn Monday, Zoë Quill <${address}> wrote:\n> Hi Rui, I am Zoë Quill.`,
      'rui-1.eml',
      { inReplyTo: first.messageId },
    );
    await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => (m.parsed.text ?? '').includes('Rui here')),
    );
    // Sending stops: what is written now waits in the outbox, for and from Zoë.
    await running.app.get(OutboundPauseService).pause('test: hold the outbox');
    await sent(address, 'One more thing from me.', 'zoe-2.eml');
    await sent(mentor.email, 'And one more from me, marker-unsent.', 'rui-2.eml');
    const waiting = await waitFor(async () => {
      const rows: { id: string }[] = await db.query(
        `SELECT d.id FROM deliveries d JOIN messages m ON m.id = d.source_message_id
          WHERE m.pairing_id = $1 AND d.status = 'queued'`,
        [pairing.id],
      );
      return rows.length === 2 ? rows : null;
    });

    // A file she sent, stored as the inbound pipeline stores one; Rui's stays.
    const storage = running.app.get<BlobStorage>(BLOB_STORAGE);
    const files = { hers: `inbound/${zoe.id}/1-cv.pdf`, his: `inbound/${mentor.id}/1-notes.pdf` };
    for (const [who, key] of Object.entries(files)) {
      await storage.put(key, Buffer.from(`%PDF-1.4 ${who}`), 'application/pdf');
      await db.query(
        `UPDATE messages SET attachments = jsonb_build_array(jsonb_build_object('key', $1::text, 'filename', 'x.pdf',
                'contentType', 'application/pdf', 'size', 12))
          WHERE id = (SELECT id FROM messages WHERE pairing_id = $2 AND author_id = $3 ORDER BY created_at LIMIT 1)`,
        [key, pairing.id, who === 'hers' ? zoe.id : mentor.id],
      );
    }
    expect(existsSync(join(env.storageDir, files.hers))).toBe(true);

    await page.goto(url(`/admin/participants/${zoe.id}`));
    await page.click(`a[href="/admin/participants/${zoe.id}/remove"]`);
    expect(await page.textContent('h1')).toBe('Remove Zoë Quill?');
    // Without the confirmation ticked, the server removes nobody (the browser's check bypassed).
    await page.evaluate(`document.querySelector('input[name=confirm]').removeAttribute('required')`);
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/remove') && r.request().method() === 'POST'),
      page.click('form[action$="/remove"] button[type=submit]'),
    ]);
    expect(refused.status()).toBe(400);
    expect(await page.textContent('[role=alert]')).toBe('Tick the box to confirm the removal.');
    expect((await db.getRepository(Participant).findOneByOrFail({ id: zoe.id })).removedAt).toBeNull();
    await page.check('input[name=confirm]');
    await page.click('form[action$="/remove"] button[type=submit]');
    await page.waitForURL(/\/admin\/programmes\//);
    expect(await page.textContent('[role=status]')).toContain(
      'A participant was removed with their data (1 pairing(s) ended',
    );
    expect(await page.textContent('main')).not.toContain('Zoë');

    // Thread integrity: Zoë's messages are still there, as "(removed)"; Rui's own words stay.
    const messages: { author_id: string; new_text: string; quoted_text: string }[] = await db.query(
      `SELECT author_id, new_text, quoted_text FROM messages WHERE pairing_id = $1 ORDER BY created_at`,
      [pairing.id],
    );
    expect(messages.map((m) => (m.author_id === zoe.id ? m.new_text : 'rui'))).toEqual([
      '(removed)',
      'rui',
      '(removed)',
      'rui',
    ]);
    expect(messages[1].new_text).toContain('Great to meet you, [removed]! Rui here.');
    expect(messages.every((m) => m.quoted_text === '')).toBe(true);
    // Her files are deleted from storage; his are untouched.
    expect(existsSync(join(env.storageDir, files.hers))).toBe(false);
    expect((await storage.get(files.his)).toString()).toBe('%PDF-1.4 his');
    const statuses = await db.query(`SELECT status FROM deliveries WHERE id = ANY($1::uuid[])`, [
      waiting.map((w) => w.id),
    ]);
    expect(statuses).toEqual([{ status: 'skipped' }, { status: 'skipped' }]);
    const [ended] = await db.query(`SELECT status, end_reason FROM pairings WHERE id = $1`, [pairing.id]);
    expect(ended).toEqual({ status: 'ended', end_reason: 'staff' });
    const [row] = await db.query(
      `SELECT name, preferred_name, email_aliases, removed_at IS NOT NULL AS removed FROM participants WHERE id = $1`,
      [zoe.id],
    );
    expect(row).toEqual({
      name: 'Removed participant',
      preferred_name: null,
      email_aliases: [],
      removed: true,
    });

    // No table holds her name or any address of hers, in any column (raw mail bytes included).
    const needles = ['%zoë%', '%quill%', `%${address}%`, `%zq.${tag}%`];
    const traces: string[] = [];
    const columns: { t: string; c: string; bytea: boolean }[] = await db.query(
      `SELECT table_name AS t, column_name AS c, data_type = 'bytea' AS bytea FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name IN
              (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE')`,
    );
    for (const { t, c, bytea } of columns) {
      const text = bytea ? `encode("${c}", 'escape')` : `"${c}"::text`;
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "${t}" WHERE ${text} ILIKE ANY($1)`, [
        needles,
      ]);
      if (n) traces.push(`${t}.${c}: ${n}`);
    }
    expect(traces).toEqual([]);
    const audit = await db.query(`SELECT action FROM staff_audit WHERE participant_id = $1`, [zoe.id]);
    expect(audit).toEqual([{ action: 'participant_removed' }]);
  });
});
