import { existsSync } from 'node:fs';
import * as cheerio from 'cheerio';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { CLOCK } from '../../src/prompts/clock';
import type { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
import { PollVote } from '../../src/prompts/entities/poll-vote.entity';
import { VOTE_CSP } from '../../src/prompts/polls/vote-page';
import { StaffClient } from '../admin/staff-client';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import type { OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';
import { issuePoll } from './poll-world';

/** Plain http, as on a demo machine: the links must carry it exactly as configured. */
const PUBLIC_URL = 'http://mentormail.localhost:3999';
const OPTIONS = ['On track', 'Needs a tweak', 'Stuck'];

jest.setTimeout(90_000);

/**
 * The poll's options are one-tap links. A GET (what a mail scanner does) shows one confirm button
 * and records nothing; the button's POST records the vote and says who can see it.
 */
describe('one-tap poll votes', () => {
  let env: TestEnv;
  let running: RunningApp;
  let world: PairingWorld;
  let db: DataSource;
  let issued: PairingPrompt;
  let polls: { mentor: OutboxEmail; mentee: OutboxEmail };
  let browser: Browser | undefined;
  const clock = new FakeClock(new Date('2026-03-10T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000', PUBLIC_URL }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    world = await createPairingWorld(running.app);
    ({ issued, ...polls } = await issuePoll(running.app, env.outboxDir, world, {
      promptKey: 'midpoint-pulse',
      week: 6,
      now: clock.now(),
    }));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 60_000);

  /** The vote links of a poll email's HTML part, in the order shown. */
  const voteLinks = (mail: OutboxEmail) =>
    cheerio
      .load(String(mail.parsed.html))('a[href]')
      .toArray()
      .map((a) => a.attribs.href)
      .filter((href) => href.startsWith(`${PUBLIC_URL}/v/`));

  /** The same path on the running server (PUBLIC_URL names a host this test machine cannot resolve). */
  const onServer = (link: string) => `${running.httpUrl}${new URL(link).pathname}`;
  const votes = () => db.getRepository(PollVote).findBy({ pairingPromptId: issued.id });

  it('links every option, in order, under PUBLIC_URL exactly as configured (http kept)', () => {
    for (const mail of [polls.mentor, polls.mentee]) {
      const links = voteLinks(mail);
      expect(links).toHaveLength(OPTIONS.length);
      const $ = cheerio.load(String(mail.parsed.html));
      expect(links.map((l) => $(`a[href="${l}"]`).text().trim())).toEqual(
        OPTIONS.map((o, i) => `${i + 1}. ${o}`),
      );
      for (const link of links) expect(mail.parsed.text).toContain(link);
    }
    // Each member's links are their own.
    expect(voteLinks(polls.mentor)).not.toEqual(voteLinks(polls.mentee));
  });

  it('GET shows the choice and one confirm button, and records nothing, however often', async () => {
    const link = onServer(voteLinks(polls.mentee)[1]);
    for (let i = 0; i < 3; i++) {
      const res = await fetch(link);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(VOTE_CSP);
      const $ = cheerio.load(await res.text());
      expect($('strong').first().text()).toBe('Needs a tweak');
      expect($('form[method=post] button')).toHaveLength(1);
      expect(new URL($('form').attr('action')!, link).href).toBe(link);
      expect($('body').text()).toContain('Nothing is recorded until you confirm');
    }
    const head = await fetch(link, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await votes()).toEqual([]);
  });

  it('POST records the vote and says who can see it; the last vote counts', async () => {
    const [first, , third] = voteLinks(polls.mentee).map(onServer);
    const res = await fetch(third, { method: 'POST' });
    expect(res.status).toBe(200);
    const text = cheerio
      .load(await res.text())('body')
      .text();
    expect(text).toContain('Vote recorded');
    expect(text).toContain('is Stuck');
    expect(text).toContain('Only your programme staff see your individual answer; Maria Mentor never does.');
    expect(await votes()).toEqual([
      expect.objectContaining({ participantId: world.mentee.id, optionIndex: 2, comment: null }),
    ]);

    expect((await fetch(first, { method: 'POST' })).status).toBe(200);
    expect(await votes()).toEqual([
      expect.objectContaining({ participantId: world.mentee.id, optionIndex: 0 }),
    ]);
  });

  it('refuses an altered or foreign link with 404 and records nothing', async () => {
    const before = await votes();
    // The mentor's "Stuck" link turned into "Needs a tweak" by editing the option field.
    const [poll, who, option, expiry, signature] = new URL(voteLinks(polls.mentor)[2]).pathname
      .slice(3)
      .split('.');
    const altered = `${running.httpUrl}/v/${[poll, who, Number(option) - 1, expiry, signature].join('.')}`;
    for (const url of [altered, `${running.httpUrl}/v/not-a-token`]) {
      const get = await fetch(url);
      expect(get.status).toBe(404);
      expect(await get.text()).toContain('This link is not valid');
      expect((await fetch(url, { method: 'POST' })).status).toBe(404);
    }
    expect(await votes()).toEqual(before);
  });

  it('in a real browser: opening the link records nothing; clicking the button records the vote', async () => {
    await waitFor(() => existsSync(CHROMIUM), 300_000, 1000);
    browser = await launchChromium();
    const page = await browser.newPage();
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text());
    });
    const mine = () =>
      db.getRepository(PollVote).findOneBy({ pairingPromptId: issued.id, participantId: world.mentor.id });

    const response = await page.goto(onServer(voteLinks(polls.mentor)[1]));
    expect(response?.status()).toBe(200);
    expect(await page.locator('strong').first().textContent()).toBe('Needs a tweak');
    // The stylesheet applied: the page's one inline style passed the CSP.
    expect(await page.evaluate('getComputedStyle(document.body).maxWidth')).toBe('512px');
    expect(await mine()).toBeNull();

    await page.getByRole('button', { name: 'Confirm my vote' }).click();
    await page.getByRole('heading', { name: 'Vote recorded' }).waitFor();
    expect(await mine()).toMatchObject({ optionIndex: 1 });
    expect(cspViolations).toEqual([]);
  });

  it('shows staff the poll preview with the same vote links as real mail, a sample token in each', async () => {
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'preview@example.org');
    const page = await (await staff.get('/admin/templates')).text();
    const frames = cheerio
      .load(page)('iframe[srcdoc]')
      .toArray()
      .map((f) => f.attribs.srcdoc);
    const midpoint = frames.find((html) => html.includes('Halfway check-in'));
    expect(midpoint).toBeDefined();
    const $ = cheerio.load(midpoint!);
    const previewLinks = $('a[href]')
      .toArray()
      .map((a) => a.attribs.href)
      .filter((href) => href.startsWith(`${PUBLIC_URL}/v/`));
    expect(previewLinks).toHaveLength(OPTIONS.length);
    // Same shape as a real link: poll, participant, option, expiry and signature.
    const shape = (href: string) =>
      new URL(href).pathname.replace(/[0-9a-f]/g, 'h').replace(/[A-Za-z0-9_-]{22}$/, 'S');
    expect(previewLinks.map(shape)).toEqual(voteLinks(polls.mentor).map(shape));
    // A sample token names nobody: following it records nothing anywhere.
    const res = await fetch(onServer(previewLinks[0]), { method: 'POST' });
    expect(res.status).toBe(404);
  });

  it('after the poll closed: 410 with a clear page, GET and POST alike, and the vote is unchanged', async () => {
    clock.set('2026-03-17T12:00:01Z');
    const before = await votes();
    const link = onServer(voteLinks(polls.mentee)[1]);
    for (const method of ['GET', 'POST']) {
      const res = await fetch(link, { method });
      expect(res.status).toBe(410);
      const text = cheerio
        .load(await res.text())('body')
        .text();
      expect(text).toContain('This poll has closed');
      expect(text).toContain('Nothing was changed');
    }
    expect(await votes()).toEqual(before);
  });
});
