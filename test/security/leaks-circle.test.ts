import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { BULK_LIMITS } from '../factories/pairing.factory';
import { buildEmail } from '../factories/emails';
import { readOutbox } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { inject, settled } from '../outbound/support/outbound-world';

const CORPUS = path.resolve(__dirname, '../../../shared/corpus/replies');
// The author and five others; the corpus bodies are rewritten to name all of them.
const AUTHOR = 'jonathan-keller@example.com';
const OTHERS = [
  'support@example.org',
  'ana.lopez@mail-one.example',
  'ben.okafor@mail-two.example',
  'cleo.martin@mail-three.example',
  'dana.novak@mail-four.example',
];
const EVERYONE = [AUTHOR, ...OTHERS];
// Enough of the corpus to cover its shapes (attributions, signatures, HTML) in a fast test.
const SAMPLE = 30;

/** From and To rewritten; every bracketed or mailto address in the body becomes a circle member's. */
function readdress(raw: string, to: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw
    .slice(0, split)
    .replace(/^(From|To):.*(\r?\n[ \t].*)*/gim, (line) =>
      /^from/i.test(line) ? `From: Jonathan Keller <${AUTHOR}>` : `To: <${to}>`,
    );
  let n = 0;
  const body = raw
    .slice(split)
    .replace(
      /(<|&lt;|mailto:)[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
      (_, open: string) => `${open}${EVERYONE[n++ % EVERYONE.length]}`,
    );
  return head + body;
}

describe('privacy in a circle: corpus replies fanned out to five members', () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    // The tick would welcome the members in the middle of the run (Bull repeats on the minute).
    running = await env.start({ ROLES: 'worker', SCHEDULE_TICK_MS: '3600000' });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('no copy holds any real address, except its own recipient in To', async () => {
    const programs = running.app.get(ProgramsService);
    const programme = await programs.createProgramme('Circle privacy', BULK_LIMITS);
    const add = (email: string, role: 'mentor' | 'mentee', name: string) =>
      programs.addParticipant(programme.id, { name, email, role });
    const lead = await add(OTHERS[0], 'mentor', 'Sam Support');
    const members = [await add(AUTHOR, 'mentee', 'Jonathan Keller')];
    for (const [i, email] of OTHERS.slice(1).entries())
      members.push(await add(email, 'mentee', ['Ana Lopez', 'Ben Okafor', 'Cleo Martin', 'Dana Novak'][i]));
    const circle = await programs.createCircle(programme, 'Privacy circle', [lead], members);

    const files = readdirSync(CORPUS)
      .filter((f) => f.endsWith('.eml'))
      .sort()
      .slice(0, SAMPLE);
    for (const file of files) {
      const rewritten = readdress(readFileSync(path.join(CORPUS, file), 'latin1'), circle.relayAddress);
      await inject(running.app, Buffer.from(rewritten, 'latin1'), AUTHOR, circle.relayAddress);
    }
    // The corpus's new texts never name anyone (extraction removes the quotes); these do.
    for (const [i, text] of [
      `Thanks all!\n\n--\nJonathan Keller\n${AUTHOR.toUpperCase()}`,
      `Ana, write to Ben at mailto:${OTHERS[2].replace('@', '%40')} or <${OTHERS[3]}>.`,
      `On Tue, Dana Novak <${OTHERS[4]}> wrote:\nI answer inline here, extraction keeps it all.`,
    ].entries()) {
      const email = buildEmail({ from: AUTHOR, to: circle.relayAddress, subject: `Signed ${i}`, text });
      await inject(running.app, email.raw, AUTHOR, circle.relayAddress);
    }
    const db = running.app.get(DataSource);
    await waitFor(
      async () => (await db.getRepository(InboundEmail).countBy({ status: 'received' })) === 0,
      60_000,
    );
    const accepted = await db.getRepository(InboundEmail).countBy({ status: 'accepted' });
    expect(accepted).toBeGreaterThan(SAMPLE / 2);
    const deliveries = await settled(db, accepted * OTHERS.length, 60_000);
    const relays = deliveries.filter((d) => d.kind === 'relay');
    expect(relays).toHaveLength(accepted * OTHERS.length);
    expect(relays.filter((d) => !OTHERS.includes(d.toAddress))).toEqual([]);

    const leaks: string[] = [];
    for (const mail of await readOutbox(env.outboxDir)) {
      const to = mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value : [];
      expect(to).toHaveLength(1);
      // Relays go to the five others (above); a welcome may go to anyone, the author too.
      expect(EVERYONE).toContain(to[0].address?.toLowerCase());
      const rawWithoutTo = mail.raw.replace(/^To:.*(\r?\n[ \t].*)*/im, '').toLowerCase();
      const parsed = await simpleParser(mail.raw);
      const decoded = [
        parsed.subject ?? '',
        parsed.text ?? '',
        typeof parsed.html === 'string' ? parsed.html : '',
        ...parsed.attachments.map((a) => a.filename ?? ''),
        ...[...parsed.headers].filter(([k]) => k !== 'to').map(([k, v]) => `${k}: ${JSON.stringify(v)}`),
      ]
        .join('\n')
        .toLowerCase();
      for (const address of EVERYONE) {
        const domain = address.split('@')[1];
        if (rawWithoutTo.includes(address) || decoded.includes(address))
          leaks.push(`${mail.file}: ${address}`);
        // Each member's own domain (example.com/.org are the corpus's too, so only the others).
        if (domain.includes('mail-') && (rawWithoutTo.includes(domain) || decoded.includes(domain)))
          leaks.push(`${mail.file}: ${domain}`);
      }
    }
    expect(leaks).toEqual([]);
    // And the members' addresses were there to hide: some relayed texts named them.
    const named: unknown[] = await db.query(`SELECT id FROM messages WHERE new_text ILIKE ANY ($1)`, [
      EVERYONE.map((a) => `%${a}%`),
    ]);
    expect(named.length).toBeGreaterThan(0);
  }, 120_000);
});
