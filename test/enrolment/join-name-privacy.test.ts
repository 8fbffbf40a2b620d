import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { Transactor } from '../../src/database/transactor';
import { joinAddress } from '../../src/desk/desk-address';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { PROMPT_LIBRARY } from '../../src/prompts/library/prompt-library';
import { localDateOf } from '../../src/prompts/schedule/local-time';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import { buildEmail } from '../factories/emails';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { queueDigestNow } from '../support/digest-now';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine.
jest.setTimeout(90_000);

/**
 * People who join by email name themselves with their From header, and that header is theirs to
 * fill: an address as the display name (encoded or quoted), or no display name at all. Whatever
 * they wrote, the mentor, the circle's lead and the other members never read any part of their
 * real address: not in a relayed copy's From or footer, a prompt's or digest's footer, a circle
 * digest or a lead's notice.
 */
describe('a name taken from a join email never shows its address to others', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;
  let programme: Programme;
  let mentor: Participant;
  let lead: Participant;
  let joiners: Participant[];
  let pairing: Pairing;
  let circle: Pairing;
  const tag = randomBytes(3).toString('hex');
  // Every part of the joiners' real addresses, and the address one of them wrote as a name.
  const SECRETS = ['ann.lee', 'example.org', 'gmail', 'work.example', 'cory.quinn', 'people.example'];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
    const programs = running.app.get(ProgramsService);
    programme = await programs.createProgramme(`Bridges ${tag}`, { joinEnabled: true });
    mentor = await programs.addParticipant(programme.id, {
      name: 'Maria Mentor',
      email: `maria.${tag}@mentor-mail.example`,
      role: 'mentor',
    });
    lead = await programs.addParticipant(programme.id, {
      name: 'Lena Lead',
      email: `lena.${tag}@lead-mail.example`,
      role: 'mentor',
    });
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const settled = (messageId: string) =>
    waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId });
      return row && row.status !== 'received' ? row : null;
    });

  /** One email over SMTP, its From header exactly as given. */
  async function send(fromHeader: string, from: string, to: string, subject: string, text: string) {
    const email = buildEmail({ from, to, subject, text });
    const raw = email.raw.replace(/^From: .*$/m, `From: ${fromHeader}`);
    await SmtpTestClient.sendOnce(port, { from, to: [to], raw });
    return settled(email.messageId);
  }

  const mailTo = (who: Participant, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === who.email && match(m)),
    );

  /** What a reader sees of an email: From, subject, text and HTML, decoded. */
  const shown = (m: OutboxEmail) =>
    [m.parsed.from?.text, m.parsed.subject, m.parsed.text, m.parsed.html].join('\n').toLowerCase();

  it('joins three people whose From header carries their address, or no name at all', async () => {
    const join = joinAddress(programme.slug, running.app.get(AppConfig).env.RELAY_DOMAIN);
    const people: [string, string][] = [
      ['=?utf-8?Q?ann=2Elee=40example=2Eorg?= <ann.lee@example.org>', 'ann.lee@example.org'],
      ['"ann.lee@gmail.com" <ann@work.example>', 'ann@work.example'],
      ['<cory.quinn@people.example>', 'cory.quinn@people.example'],
    ];
    for (const [header, address] of people) {
      const joined = await send(header, address, join, 'Joining', 'Hello!');
      expect([joined.status, joined.reason]).toEqual(['accepted', 'desk_answer']);
    }
    joiners = await Promise.all(
      people.map(([, email]) => db.getRepository(Participant).findOneByOrFail({ email })),
    );
    const programs = running.app.get(ProgramsService);
    pairing = await programs.createPairing(programme, mentor, joiners);
    circle = await programs.createCircle(programme, 'Night owls', [lead], joiners);
  });

  it("the mentor's relayed copy, prompt and digest, and the lead's notice and circle digest name no address", async () => {
    // A joiner writes to the pairing: the mentor's copy has their name in From and in the footer.
    const [ann, annAtWork, cory] = joiners;
    await send('<ann.lee@example.org>', ann.email, pairing.relayAddress, 'Hello', 'Hello from Ann');
    // A prompt and a digest to the mentor: both footers name who reads a reply.
    const now = new Date();
    const key = PROMPT_LIBRARY.find((p) => p.kind === 'prompt')!.key;
    const deliveries = await running.app.get(Transactor).run(async (tx) => {
      const to = { participantId: mentor.id, pairingId: pairing.id, email: mentor.email };
      const slot = { week: 1, item: 0, weekStart: localDateOf(now, 'UTC'), at: now };
      const issued = await running.app.get(PromptIssuer).issue(tx, to, slot, key, now);
      const digest = await running.app.get(OutboxService).queueMany(tx, [
        {
          dedupeKey: `digest:${mentor.id}:names`,
          kind: 'digest',
          pairingId: pairing.id,
          recipientId: mentor.id,
          toAddress: mentor.email,
        },
      ]);
      return [...issued, ...digest];
    });
    await running.app.get(OutboxService).enqueue(deliveries);
    // In the circle: one leaves (the lead is told who), one writes, and the lead's digest lists the writer.
    await send('<cory.quinn@people.example>', cory.email, circle.relayAddress, 'Bye', '#leave');
    await send('<ann@work.example>', annAtWork.email, circle.relayAddress, 'Night shift', 'Hello circle');
    await queueDigestNow(running.app, lead, circle.id, 'names');

    const received = [
      await mailTo(mentor, (m) => (m.parsed.text ?? '').includes('Hello from Ann')),
      await mailTo(mentor, (m) => (m.parsed.subject ?? '').startsWith('Week 1:')),
      await mailTo(mentor, (m) => /recap/i.test(m.parsed.subject ?? '')),
      await mailTo(lead, (m) => /has left Night owls/.test(m.parsed.subject ?? '')),
      await mailTo(lead, (m) => (m.parsed.text ?? '').includes('Hello circle')),
      await mailTo(lead, (m) => /^Week \d+ in Night owls/.test(m.parsed.subject ?? '')),
    ];
    await waitFor(async () =>
      (await db.getRepository(Delivery).findBy({ toAddress: mentor.email })).every(
        (d) => d.status === 'sent',
      ),
    );
    // Each of these names a joiner somewhere: none may show any part of a real address.
    const leaks = received.flatMap((mail) =>
      SECRETS.filter((secret) => shown(mail).includes(secret)).map((s) => `${mail.parsed.subject}: ${s}`),
    );
    expect(leaks).toEqual([]);
    // What they see instead: the neutral placeholder, until the person gives a first name.
    expect(received[0].parsed.text).toContain('Who reads this conversation: you, Participant and');
    expect(received[3].parsed.subject).toBe('Participant has left Night owls');
  });

  it('the first name given in the questionnaire replaces the placeholder, and the partner sees it', async () => {
    const cory = joiners[2];
    const desk = `desk-${(await db.getRepository(Participant).findOneByOrFail({ id: cory.id })).deskKey}@${
      running.app.get(AppConfig).env.RELAY_DOMAIN
    }`;
    const confirmation = await mailTo(cory, (m) => /confirm you want to join/.test(m.parsed.subject ?? ''));
    // Their own greeting does not call them "Participant" either.
    expect(confirmation.parsed.text).toContain('Hi there, this is Bridges');
    const reply = (text: string) => send(`<${cory.email}>`, cory.email, desk, `Re: ${text}`, text);
    expect((await reply('Yes please')).detail).toBe('confirmed by reply');
    const questions = await mailTo(cory, (m) => /A few questions/.test(m.parsed.subject ?? ''));
    expect(questions.parsed.text).toContain('2. What first name should we use for you?');
    // An address is no name: refused, with the reason.
    expect((await reply('1. mentee\n2. cory@people.example')).detail).toMatch(/^role; 1 problem/);
    await mailTo(cory, (m) =>
      (m.parsed.text ?? '').includes('please give a first name, not an email address'),
    );
    expect((await reply('2. Cory')).detail).toMatch(/^preferred_name;/);
    expect(await db.getRepository(Participant).findOneByOrFail({ id: cory.id })).toMatchObject({
      name: 'Cory',
      preferredName: 'Cory',
    });

    await send(`<${cory.email}>`, cory.email, pairing.relayAddress, 'Hi', 'Hello from Cory');
    const copy = await mailTo(mentor, (m) => (m.parsed.text ?? '').includes('Hello from Cory'));
    expect(copy.parsed.from?.value[0].name).toBe(`Cory via ${programme.name}`);
    expect(copy.parsed.text).toContain('Who reads this conversation: you, Cory and');
  });
});
