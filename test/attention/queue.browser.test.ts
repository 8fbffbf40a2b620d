import type { Browser, Page } from 'playwright-core';
import { launchChromium, staffPage } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { bare, readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { held } from './attention-rows';

const PASSWORD = 'correct horse battery';
const STAFF = 'coordinator@queue.example';

jest.setTimeout(120_000);

/** The work queue in a real browser: resolve, snooze, write to a participant, pause with confirmation. */
describe('the work queue in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker', SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, STAFF, PASSWORD);
    browser = await launchChromium();
    page = await staffPage(browser, running.httpUrl!, { email: STAFF, password: PASSWORD });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  /** A pairing with a message held for review: one item in the queue. */
  const heldWorld = async (): Promise<PairingWorld> => {
    const w = await createPairingWorld(running.app);
    await held(db, w, new Date(Date.now() - 3600_000));
    return w;
  };
  const item = (w: PairingWorld) => `article.queue-item[data-pairing="${w.pairing.id}"]`;
  const openQueue = () => page.goto(`${running.httpUrl}/admin/attention`);
  const history = async (w: PairingWorld) => {
    await page.goto(`${running.httpUrl}/admin/pairings/${w.pairing.id}`);
    return (await page.textContent('table.pairing-history')) ?? '';
  };
  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );
  const mailsTo = async (address: string) =>
    (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === address);

  it('shows the reason first, the pairing and since when; resolving with a note takes it out and keeps the note', async () => {
    const w = await heldWorld();
    await openQueue();
    const text = await page.textContent(item(w));
    expect(text).toMatch(/^\s*A message is held for review/);
    expect(text).toContain('Maria Mentor (mentor), Tom Mentee (mentee)');
    expect(text).toContain(w.programme.name);
    expect(text).toMatch(/since \d{4}-\d{2}-\d{2}/);
    await page.fill(`${item(w)} form.resolve input[name=note]`, 'Released the held mail after a call');
    await page.click(`${item(w)} form.resolve button`);
    await page.waitForURL(/done=resolved/);
    expect(await page.textContent('[role=status]')).toContain('Resolved');
    expect(await page.$(item(w))).toBeNull();
    const h = await history(w);
    expect(h).toContain('Resolved: A message is held for review');
    expect(h).toContain('Released the held mail after a call');
    expect(h).toContain(STAFF);
  });

  it('snoozes for N days: gone from the queue, back once the snooze has ended', async () => {
    const w = await heldWorld();
    await openQueue();
    await page.fill(`${item(w)} form.snooze input[name=days]`, '3');
    await page.click(`${item(w)} form.snooze button`);
    await page.waitForURL(/done=snoozed/);
    expect(await page.$(item(w))).toBeNull();
    const [row] = (await db.query(
      `SELECT snoozed_until FROM pairing_actions WHERE pairing_id = $1 AND action = 'snooze'`,
      [w.pairing.id],
    )) as { snoozed_until: Date }[];
    const days = (row.snoozed_until.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.9);
    expect(days).toBeLessThanOrEqual(3);
    // The snooze runs out: the item (still true) is back.
    await db.query(
      `UPDATE pairing_actions SET snoozed_until = now() - interval '1 minute' WHERE pairing_id = $1`,
      [w.pairing.id],
    );
    await openQueue();
    expect(await page.$(item(w))).not.toBeNull();
  });

  it('writes to one participant: an email from the programme, replies to staff, threaded, and in the history', async () => {
    const w = await heldWorld();
    const send = async (body: string) => {
      await openQueue();
      await page.click(`${item(w)} details.write summary`);
      await page.selectOption(`${item(w)} details.write select[name=participantId]`, w.mentee.id);
      await page.fill(`${item(w)} details.write input[name=subject]`, 'Checking in');
      await page.fill(`${item(w)} details.write textarea[name=body]`, body);
      await page.click(`${item(w)} details.write button[type=submit]`);
      await page.waitForURL(/done=sent/);
    };
    await send('How are things going with Maria?');
    const first = await mailTo(w.mentee.email, (m) => m.parsed.subject === 'Checking in');
    expect(first.parsed.text).toContain('How are things going with Maria?');
    expect(first.parsed.replyTo?.value[0].address).toBe(STAFF);
    expect(first.parsed.text).toContain('your reply goes to them, not to Maria Mentor');
    await send('Just following up.');
    const second = await mailTo(
      w.mentee.email,
      (m) => m.parsed.subject === 'Checking in' && (m.parsed.text ?? '').includes('Just following up.'),
    );
    expect(bare(second.parsed.inReplyTo)).toBe(bare(first.parsed.messageId));
    // The partner never gets a copy.
    expect((await mailsTo(w.mentor.email)).filter((m) => m.parsed.subject === 'Checking in')).toEqual([]);
    const h = await history(w);
    expect(h).toContain('Emailed (Tom Mentee)');
    expect(h).toContain('How are things going with Maria?');
  });

  it('pauses only after the confirmation box is ticked, and tells both members by email', async () => {
    const w = await heldWorld();
    await openQueue();
    await page.click(`${item(w)} details.pause-end summary`);
    await page.click(`${item(w)} form.pause-pairing button`);
    // The required box stops the form: nothing happened.
    expect(new URL(page.url()).pathname).toBe('/admin/attention');
    const status = async () =>
      (
        (await db.query(`SELECT status FROM pairings WHERE id = $1`, [w.pairing.id])) as { status: string }[]
      )[0].status;
    expect(await status()).toBe('active');
    // Nor does a request without it (the server checks too).
    const _csrf = await page.inputValue(`${item(w)} form.pause-pairing input[name=_csrf]`);
    const direct = await page.request.post(`${running.httpUrl}/admin/queue/${w.pairing.id}/pause`, {
      form: { _csrf, note: 'no box' },
      maxRedirects: 0,
    });
    expect(direct.status()).toBe(400);
    expect(await direct.text()).toContain('Tick the box to confirm');
    expect(await status()).toBe('active');

    await page.fill(`${item(w)} form.pause-pairing input[name=note]`, 'Exams until June');
    await page.check(`${item(w)} form.pause-pairing input[name=confirm]`);
    await page.click(`${item(w)} form.pause-pairing button`);
    await page.waitForURL(/done=paused/);
    expect(await status()).toBe('paused');
    for (const [member, partner] of [
      [w.mentor, w.mentee],
      [w.mentee, w.mentor],
    ]) {
      const mail = await mailTo(
        member.email,
        (m) => m.parsed.subject === `Your mentoring pair with ${partner.name} is paused`,
      );
      expect(mail.parsed.text).toContain('No prompts or reminders are sent while the pair is paused');
    }
    // A paused pairing has left the queue; the pause is in its history, with the note.
    expect(await page.$(item(w))).toBeNull();
    const h = await history(w);
    expect(h).toContain('Paused');
    expect(h).toContain('Exams until June');
  });

  it('pages the queue 25 cards at a time, oldest first; search and sort keep to the queue', async () => {
    // Items older than any other test's, so they lead the default order.
    const worlds: PairingWorld[] = [];
    for (let i = 0; i < 27; i++) {
      const w = await createPairingWorld(running.app);
      await held(db, w, new Date(Date.UTC(2020, 0, 1 + i)));
      worlds.push(w);
    }
    const cards = () =>
      page.locator('article.queue-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-pairing')));
    await openQueue();
    const first = await cards();
    expect(first).toHaveLength(25);
    expect(first).toEqual(worlds.slice(0, 25).map((w) => w.pairing.id));
    expect(await page.textContent('nav[aria-label="Work queue pages"]')).toMatch(/Page 1 of \d+/);

    await page.click('nav[aria-label="Work queue pages"] a[rel=next]');
    await page.waitForURL(/queue-page=2/);
    const second = await cards();
    expect(second.slice(0, 2)).toEqual(worlds.slice(25).map((w) => w.pairing.id));
    expect(second).not.toContain(worlds[0].pairing.id);

    // Newest first: the oldest item goes to the last page, and the 2020 ones come newest first.
    await page.goto(`${running.httpUrl}/admin/attention?queue-sort=since&queue-dir=descending`);
    const newest = await cards();
    expect(newest).not.toContain(worlds[0].pairing.id);
    const ours = newest.filter((id) => worlds.some((w) => w.pairing.id === id));
    expect(ours[0]).toBe(worlds[26].pairing.id);
    expect(ours).toEqual(
      [...worlds]
        .reverse()
        .slice(0, ours.length)
        .map((w) => w.pairing.id),
    );

    // A programme's name finds its one item, from the queue's own search box.
    await openQueue();
    await page.fill('form[aria-label="Work queue"] input[type=search]', worlds[26].programme.name);
    await page.click('form[aria-label="Work queue"] button[type=submit]');
    await page.waitForURL(/queue-q=/);
    expect(await cards()).toEqual([worlds[26].pairing.id]);
  });
});
