import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, staffPage } from '../support/browser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { injectInbound } from '../../src/cli/commands/inbound.command';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'correct horse battery';

describe('the moderation queue of a youth programme in a real browser', () => {
  let env: TestEnv;
  let running: RunningApp;
  let browser: Browser;
  let page: Page;
  let db: DataSource;
  let world: PairingWorld;
  const held: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'mm-moderation-'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'coordinator@example.org', PASSWORD);
    world = await createPairingWorld(running.app);
    await db.query(`UPDATE programmes SET consent_age = 16 WHERE id = $1`, [world.programme.id]);
    for (const [key, text] of [
      ['approve', 'marker-approve: my mum says call 07700 900123 to arrange the visit'],
      ['edit', 'marker-edit: add me on snapchat zoeq_2009 so we can chat'],
      ['reject', 'marker-reject: my address is 12 Oak Tree Road, come over'],
    ]) {
      const file = join(dir, `${key}.eml`);
      writeFileSync(
        file,
        buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, subject: key, text }).raw,
      );
      const [{ id }] = await injectInbound(running.app, file);
      await waitFor(
        async () => (await db.getRepository(InboundEmail).findOneByOrFail({ id })).status === 'held',
      );
      held[key] = id;
    }
    browser = await launchChromium();
    page = await staffPage(browser, running.httpUrl!, {
      email: 'coordinator@example.org',
      password: PASSWORD,
    });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await env.destroy();
  }, 30_000);

  const url = (path: string) => `${running.httpUrl}${path}`;
  const mailTo = (address: string, marker: string) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m: OutboxEmail) => toAddress(m.parsed) === address && (m.parsed.text ?? '').includes(marker),
      ),
    );
  const queuePage = async () => {
    await page.goto(url(`/admin/programmes/${world.programme.id}`));
    await page.click(`a[href="/admin/programmes/${world.programme.id}/moderation"]`);
    await page.waitForURL(/\/moderation/);
  };

  it('lists the held messages, and the author was told once that they wait', async () => {
    await queuePage();
    expect(await page.textContent('h2')).toBe('Held for review (3)');
    expect(await page.textContent(`[data-held="${held.approve}"]`)).toContain(
      'held for review: phone number',
    );
    expect(await page.textContent('[data-filter-state]')).toContain(
      'The filter is on for this programme (the default',
    );
    const waiting = (await readOutbox(env.outboxDir)).filter(
      (m) => toAddress(m.parsed) === world.mentee.email,
    );
    expect(waiting).toHaveLength(1);
    expect(waiting[0].parsed.subject).toMatch(/^Your message is with the programme team/);
  });

  it('approve: the message is relayed as written', async () => {
    await page.click(`[data-held="${held.approve}"] form[action$="/approve"] button`);
    expect(await page.textContent('[role=status]')).toContain('Approved');
    const copy = await mailTo(world.mentor.email, 'marker-approve');
    expect(copy.parsed.text).toContain('call 07700 900123 to arrange the visit');
  });

  it("edit: the partner gets staff's text, and the author is told what was sent", async () => {
    await page.fill(
      `[data-held="${held.edit}"] textarea[name=text]`,
      'marker-edit: let us keep chatting here!',
    );
    await page.click(`[data-held="${held.edit}"] form[action$="/edit"] button`);
    expect(await page.textContent('[role=status]')).toContain('Passed on with your edit');
    const copy = await mailTo(world.mentor.email, 'marker-edit');
    expect(copy.parsed.text).toContain('let us keep chatting here!');
    expect(copy.parsed.text).not.toMatch(/snapchat|zoeq_2009/);
    const told = await mailTo(world.mentee.email, 'marker-edit');
    expect(told.parsed.subject).toMatch(/^Your message was passed on with a change: /);
    expect(told.parsed.text).toContain('This is what Maria received:');
    const stored = await db.query(`SELECT new_text FROM messages WHERE inbound_email_id = $1`, [held.edit]);
    expect(stored).toEqual([{ new_text: 'marker-edit: let us keep chatting here!' }]);
  });

  it('reject: nothing is relayed, and the author is told why', async () => {
    await page.fill(
      `[data-held="${held.reject}"] input[name=reason]`,
      'Home addresses stay private: let us meet at the library event instead.',
    );
    await page.click(`[data-held="${held.reject}"] form[action$="/reject"] button`);
    expect(await page.textContent('[role=status]')).toContain('Rejected');
    const told = await mailTo(world.mentee.email, 'Home addresses stay private');
    expect(told.parsed.subject).toMatch(/^Your message was not passed on: /);
    expect(await page.textContent('[data-empty]')).toContain('No message is waiting for review.');
    const [row] = await db.query(`SELECT status, reason FROM inbound_emails WHERE id = $1`, [held.reject]);
    expect(row).toEqual({ status: 'rejected', reason: 'moderation_rejected' });
    const relayed = (await readOutbox(env.outboxDir)).filter((m) =>
      (m.parsed.text ?? '').includes('Oak Tree Road'),
    );
    expect(relayed).toEqual([]);
  });

  it('the mail log leaves a safeguarding hold, and a rejection, to the moderation queue', async () => {
    const file = join(dir, 'log.eml');
    const text = 'marker-log: text me on 07700 900456 after school';
    writeFileSync(
      file,
      buildEmail({ from: world.mentee.email, to: world.pairing.relayAddress, subject: 'log', text }).raw,
    );
    const [{ id }] = await injectInbound(running.app, file);
    await waitFor(
      async () => (await db.getRepository(InboundEmail).findOneByOrFail({ id })).status === 'held',
    );

    await page.goto(url(`/admin/inbound/${id}`));
    expect(await page.textContent('[data-moderated]')).toContain('moderation queue');
    expect(await page.locator('form[action$="/release"], form[action$="/reprocess"]').count()).toBe(0);
    // A form posted anyway (an old tab, a script) changes nothing: the decision is the queue's, audited.
    const csrf = await page.getAttribute('input[name=_csrf]', 'value');
    for (const [target, action] of [
      [id, 'release'],
      [id, 'reprocess'],
      [held.reject, 'reprocess'],
    ]) {
      const res = await page.request.post(url(`/admin/inbound/${target}/${action}`), {
        form: { _csrf: csrf! },
        maxRedirects: 0,
      });
      expect([action, res.status()]).toEqual([action, 400]);
    }
    const rows: { id: string; status: string }[] = await db.query(
      `SELECT id, status FROM inbound_emails WHERE id = ANY($1)`,
      [[id, held.reject]],
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.status]))).toEqual({
      [id]: 'held',
      [held.reject]: 'rejected',
    });
    const relayed = (await readOutbox(env.outboxDir)).filter((m) =>
      (m.parsed.text ?? '').includes('marker-log'),
    );
    expect(relayed).toEqual([]);
  });

  it('audits every staff read of a thread and every decision, on the audit page', async () => {
    const [thread] = await db.query(`SELECT id FROM threads WHERE pairing_id = $1 LIMIT 1`, [
      world.pairing.id,
    ]);
    await page.goto(url(`/admin/threads/${thread.id}`));
    // A whole message read from the mail log is a read of the participant's words too.
    await page.goto(url(`/admin/inbound/${held.reject}/raw`));
    await page.goto(url(`/admin/programmes/${world.programme.id}/audit`));
    expect(await page.textContent('[data-views] tbody')).toContain('coordinator@example.org');
    const actions = await page.textContent('[data-actions] tbody');
    expect(actions).toContain('moderation approved');
    expect(actions).toContain('moderation edited');
    expect(actions).toContain('moderation rejected');
    expect(actions).toContain('inbound read');
  });
});
