import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { createAdmin } from '../../src/cli/commands/admin-create.command';
import { injectInbound } from '../../src/cli/commands/inbound.command';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { launchChromium, staffPage } from '../support/browser';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const PASSWORD = 'correct horse battery';
const CHAT_LINK = 'https://wa.me/447700900123';

/**
 * In a youth programme the filter reads where a message's links lead, not only the words shown,
 * and holds every file (a photo or a PDF can carry a phone number as well as a text can). Staff
 * see the links' targets and the files' names before they approve what they pass on.
 */
describe('the safeguarding filter: link targets and files', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let browser: Browser;
  let page: Page;
  let youth: PairingWorld;
  let adults: PairingWorld;
  const dir = mkdtempSync(join(tmpdir(), 'mm-links-files-'));
  let n = 0;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker' });
    db = running.app.get(DataSource);
    await createAdmin(running.app, 'coordinator@example.org', PASSWORD);
    youth = await createPairingWorld(running.app);
    await db.query(`UPDATE programmes SET consent_age = 16 WHERE id = $1`, [youth.programme.id]);
    adults = await createPairingWorld(running.app);
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

  /** The mentor writes `raw` to the pairing; resolves once the pipeline decided it. */
  async function write(raw: string): Promise<InboundEmail> {
    const file = join(dir, `${++n}.eml`);
    writeFileSync(file, raw);
    const [{ id }] = await injectInbound(running.app, file);
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneByOrFail({ id });
      return row.status === 'received' ? null : row;
    });
  }

  const linked = (world: PairingWorld) =>
    buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      subject: `Week ${n}`,
      text: 'Message me privately here',
      html: `<p><a href="${CHAT_LINK.replace('.me', '&#46;me')}">Message me privately here</a></p>`,
    }).raw;

  const withFile = (world: PairingWorld) =>
    buildEmail({
      from: world.mentor.email,
      to: world.pairing.relayAddress,
      subject: `Notes ${n}`,
      text: 'Notes attached.',
      file: { name: 'notes.txt', content: 'Snap me at maria_real, or call 07700 900456.' },
    }).raw;

  it('holds a link whose words are harmless but whose target is a chat app, and shows staff where it leads', async () => {
    const row = await write(linked(youth));
    expect([row.status, row.reason, row.detail]).toEqual([
      'held',
      'safeguarding',
      'held for review: meeting or chat link',
    ]);
    await page.goto(`${running.httpUrl}/admin/programmes/${youth.programme.id}/moderation`);
    expect(await page.textContent(`[data-held="${row.id}"] ul.links`)).toContain(CHAT_LINK);
  });

  it('holds a file, and names it to staff with a way to open it', async () => {
    const row = await write(withFile(youth));
    expect([row.status, row.reason, row.detail]).toEqual([
      'held',
      'safeguarding',
      'held for review: attachment',
    ]);
    await page.goto(`${running.httpUrl}/admin/programmes/${youth.programme.id}/moderation`);
    const card = `[data-held="${row.id}"]`;
    expect(await page.textContent(`${card} ul.files`)).toContain('notes.txt (text/plain');
    const source = await page.getAttribute(`${card} a[href$="/raw"]`, 'href');
    const opened = await page.goto(`${running.httpUrl}${source}`);
    expect(await opened!.text()).toContain('Snap me at maria_real');
  });

  it("edit: a new conversation's subject is staff's too, not the one that held it", async () => {
    const raw = buildEmail({
      from: youth.mentor.email,
      to: youth.pairing.relayAddress,
      subject: 'text me on 07700 900123',
      text: 'marker-subject: see you next week',
    }).raw;
    const row = await write(raw);
    expect([row.status, row.reason]).toEqual(['held', 'safeguarding']);
    await page.goto(`${running.httpUrl}/admin/programmes/${youth.programme.id}/moderation`);
    const card = `[data-held="${row.id}"]`;
    expect(await page.inputValue(`${card} input[name=subject]`)).toBe('text me on 07700 900123');
    await page.fill(`${card} input[name=subject]`, 'Next week');
    await page.click(`${card} form[action$="/edit"] button`);
    const copy = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find(
        (m) => toAddress(m.parsed) === youth.mentee.email && (m.parsed.text ?? '').includes('marker-subject'),
      ),
    );
    expect(copy.parsed.subject).toBe('Next week');
    expect(`${copy.raw}`).not.toContain('07700');
  });

  it('relays both as they are in a programme without the filter', async () => {
    for (const raw of [linked(adults), withFile(adults)]) {
      const row = await write(raw);
      expect([row.status, row.reason]).toEqual(['accepted', 'relayed']);
    }
  });
});
