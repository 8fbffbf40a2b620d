import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { HIDDEN_ADDRESS_TEXT } from '../../src/outbound/mime';
import { readOutbox } from '../support/outbox';
import { buildEmail } from '../factories/emails';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { inject, pairingWith, settled } from './support/outbound-world';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/replies');
// Both occur in the corpus bodies (attribution lines, signatures), so masking is exercised.
const MENTEE = 'jonathan-keller@example.com';
const MENTOR = 'support@example.org';

/**
 * Rewrites From and To (folded lines included). In the body, every bracketed address (as in
 * "On Tue, Ann <ann@x.example> wrote:") becomes one of the participants' real addresses, so the
 * attribution lines of quoted text name them; every other byte stays as it was.
 */
function readdress(raw: string, from: string, to: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw
    .slice(0, split)
    .replace(/^(From|To):.*(\r?\n[ \t].*)*/gim, (line) =>
      /^from/i.test(line) ? `From: Jonathan Keller <${from}>` : `To: <${to}>`,
    );
  let n = 0;
  const body = raw
    .slice(split)
    .replace(
      /(<|&lt;|mailto:)[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
      (_, open: string) => `${open}${n++ % 2 ? MENTOR : MENTEE}`,
    );
  return head + body;
}

describe('privacy: every corpus email relayed between two participants', () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'worker' });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('reveals no real address in any outgoing message, except the recipient in its own To', async () => {
    const world = await pairingWith(running.app, { mentor: MENTOR, mentee: MENTEE });
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.eml'));
    let bodiesWithAddresses = 0;
    for (const file of files) {
      const original = readFileSync(path.join(CORPUS, file), 'latin1');
      const rewritten = readdress(original, MENTEE, world.pairing.relayAddress);
      const body = rewritten.slice(rewritten.search(/\r?\n\r?\n/)).toLowerCase();
      if (body.includes(MENTEE) || body.includes(MENTOR)) bodiesWithAddresses++;
      const raw = Buffer.from(rewritten, 'latin1');
      await inject(running.app, raw, MENTEE, world.pairing.relayAddress);
    }
    expect(bodiesWithAddresses).toBeGreaterThan(files.length / 4);
    // The corpus replies' new text never names anyone (extraction removes the quotes); these do,
    // in a signature and a mailto: link, so the body masking is exercised too.
    for (const [i, text] of [
      `Thanks!\n\n--\nJonathan Keller\n${MENTEE.toUpperCase()}`,
      `Write to Sam at mailto:${MENTOR.replace('@', '%40')} or <${MENTOR}>.`,
      `On Tue, Sam Support <${MENTOR}> wrote:\nI answer inline here, extraction keeps it all.`,
    ].entries()) {
      const email = buildEmail({
        from: MENTEE,
        to: world.pairing.relayAddress,
        subject: `Signed ${i}`,
        text,
      });
      await inject(running.app, email.raw, MENTEE, world.pairing.relayAddress);
    }

    const db = running.app.get(DataSource);
    await waitFor(
      async () => (await db.getRepository(InboundEmail).countBy({ status: 'received' })) === 0,
      120_000,
    );
    const accepted = await db.getRepository(InboundEmail).countBy({ status: 'accepted' });
    const deliveries = await settled(db, accepted, 120_000);
    const relays = deliveries.filter((d) => d.kind === 'relay');
    // Most of the corpus is ordinary replies; each accepted one is relayed to the mentor, once.
    expect(accepted).toBeGreaterThan(files.length / 2);
    expect(relays).toHaveLength(accepted);
    expect(relays.every((d) => d.status === 'sent' && d.toAddress === MENTOR)).toBe(true);

    const outbox = await readOutbox(env.outboxDir);
    expect(outbox.length).toBe(deliveries.filter((d) => d.status === 'sent').length);
    const leaks: string[] = [];
    for (const mail of outbox) {
      const to = mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value : [];
      const own = to[0]?.address?.toLowerCase();
      // The raw bytes with the To header removed, and everything decoded (QP/base64 bodies,
      // encoded words, attachment names and text attachments).
      const rawWithoutTo = mail.raw.replace(/^To:.*(\r?\n[ \t].*)*/im, '').toLowerCase();
      const parsed = await simpleParser(mail.raw);
      const decoded = [
        parsed.subject ?? '',
        parsed.text ?? '',
        typeof parsed.html === 'string' ? parsed.html : '',
        ...parsed.attachments.map(
          (a) => `${a.filename ?? ''} ${/^text\//.test(a.contentType) ? a.content.toString('utf8') : ''}`,
        ),
        ...[...parsed.headers].filter(([k]) => k !== 'to').map(([k, v]) => `${k}: ${JSON.stringify(v)}`),
      ]
        .join('\n')
        .toLowerCase();
      for (const address of [MENTEE, MENTOR]) {
        if (rawWithoutTo.includes(address) || decoded.includes(address))
          leaks.push(`${mail.file}: ${address}`);
      }
      expect([MENTOR, MENTEE]).toContain(own);
    }
    expect(leaks).toEqual([]);
    // And masking did happen: messages whose relayed text named a participant went out with the
    // placeholder in its place (every address is hidden alike: see mask-addresses.ts).
    const named = (await db.query(`SELECT id FROM messages WHERE new_text ILIKE $1 OR new_text ILIKE $2`, [
      `%${MENTEE}%`,
      `%${MENTOR}%`,
    ])) as { id: string }[];
    const masked = outbox.filter((m) => (m.parsed.text ?? '').includes(HIDDEN_ADDRESS_TEXT));
    expect(named.length).toBeGreaterThan(0);
    expect(masked.length).toBeGreaterThanOrEqual(named.length);
  }, 240_000);
});
