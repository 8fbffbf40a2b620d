import { chromium, type Browser, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { UnsubscribeLinks } from '../../src/unsubscribe/unsubscribe-links';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';

// A real browser against the real server on a shared machine.
jest.setTimeout(90_000);

const DAY_MS = 86_400_000;

describe('the unsubscribe page: the programme by name, pause instead, undo', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 375, height: 800 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 60_000);

  const state = async (world: PairingWorld) =>
    (
      (await db.query(
        `SELECT prompts_stopped_at, prompts_stopped_via, paused_until FROM participants WHERE id = $1`,
        [world.mentee.id],
      )) as {
        prompts_stopped_at: Date | null;
        prompts_stopped_via: string | null;
        paused_until: Date | null;
      }[]
    )[0];

  const linkOf = (world: PairingWorld) =>
    `${running.httpUrl}${new URL(running.app.get(UnsubscribeLinks).url(world.mentee.id)).pathname}`;

  it('names the programme; pausing instead pauses for that long and can be undone', async () => {
    const world = await createPairingWorld(running.app);
    await page.goto(linkOf(world));
    const body = page.locator('body');
    await expect(body.textContent()).resolves.toContain(
      `Stop prompts and digests from ${world.programme.name}?`,
    );
    expect(await state(world)).toMatchObject({ prompts_stopped_at: null, paused_until: null });

    const before = Date.now();
    await page.getByRole('button', { name: 'Pause for 4 weeks' }).click();
    await page.getByRole('heading', { name: /^Paused until / }).waitFor();
    const paused = await state(world);
    expect(paused.prompts_stopped_at).toBeNull();
    const weeks = (paused.paused_until!.getTime() - before) / (7 * DAY_MS);
    expect(weeks).toBeGreaterThan(3.99);
    expect(weeks).toBeLessThan(4.01);
    await expect(body.textContent()).resolves.toContain(`${world.programme.name} sends you no prompts`);

    await page.getByRole('button', { name: 'Undo: resume now' }).click();
    await page.getByRole('heading', { name: "You're subscribed again" }).waitFor();
    expect(await state(world)).toMatchObject({ prompts_stopped_at: null, paused_until: null });
  });

  it('unsubscribes on the button, and the undo resubscribes and restarts the schedule', async () => {
    const world = await createPairingWorld(running.app);
    await running.app.get(ScheduleTickService).tick();
    await page.goto(linkOf(world));
    await page.getByRole('button', { name: 'Unsubscribe' }).click();
    await page.getByRole('heading', { name: 'Unsubscribed' }).waitFor();
    await expect(page.locator('body').textContent()).resolves.toContain(
      `no more prompts or digests from ${world.programme.name}`,
    );
    expect(await state(world)).toMatchObject({ prompts_stopped_via: 'unsubscribe_link' });

    // Opening the link again (or a scanner fetching it) only shows the state and the way back.
    await page.goto(linkOf(world));
    await page.getByRole('heading', { name: "You're unsubscribed" }).waitFor();
    expect((await state(world)).prompts_stopped_at).toBeInstanceOf(Date);

    await page.getByRole('button', { name: 'Resubscribe' }).click();
    await page.getByRole('heading', { name: "You're subscribed again" }).waitFor();
    expect(await state(world)).toMatchObject({ prompts_stopped_at: null, prompts_stopped_via: null });
    const next = (await db.query(
      `SELECT stream FROM schedules WHERE participant_id = $1 AND next_run_at IS NOT NULL ORDER BY stream`,
      [world.mentee.id],
    )) as { stream: string }[];
    expect(next.map((r) => r.stream)).toEqual(['digest', 'prompt']);
  });

  it('over plain HTTP: GET changes nothing, RFC 8058 one-click still works, odd pauses are refused', async () => {
    const world = await createPairingWorld(running.app);
    const link = linkOf(world);
    for (const path of ['', '/pause/2', '/resubscribe']) {
      const res = await fetch(`${link}${path}`);
      expect([path, res.status === 200 || res.status === 404]).toEqual([path, true]);
      await res.arrayBuffer();
    }
    expect(await state(world)).toMatchObject({ prompts_stopped_at: null, paused_until: null });

    const odd = await fetch(`${link}/pause/40`, { method: 'POST' });
    expect(odd.status).toBe(404);
    expect(await state(world)).toMatchObject({ paused_until: null });

    const oneClick = await fetch(link, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect(await state(world)).toMatchObject({ prompts_stopped_via: 'unsubscribe_link' });
    const forged = link.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${forged}/resubscribe`, { method: 'POST' })).status).toBe(404);
    expect((await state(world)).prompts_stopped_at).toBeInstanceOf(Date);
  });
});
