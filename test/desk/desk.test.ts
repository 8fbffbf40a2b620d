import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { AppConfig } from '../../src/config/app-config';
import { Transactor } from '../../src/database/transactor';
import { joinAddress } from '../../src/desk/desk-address';
import { DeskRegistry, type DeskReply, type JoinRequest } from '../../src/desk/desk-registry';
import { DeskService } from '../../src/desk/desk.service';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { sampleInput } from '../../src/rendering/sample-props';
import { buildEmail } from '../factories/emails';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

// Real PostgreSQL, Redis and SMTP on a shared machine: allow more than Jest's 5 s default.
jest.setTimeout(60_000);

/**
 * The programme's desk over real SMTP: a join address takes mail from anyone while the programme
 * takes people in; a person's desk address takes their replies (and only theirs), each handed to
 * the handler of the question it answers, with quotes removed; everything else is refused at RCPT.
 */
describe('the programme desk', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;
  let domain: string;
  let programme: Programme;
  let person: Participant;
  const joins: JoinRequest[] = [];
  const replies: DeskReply[] = [];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
    domain = running.app.get(AppConfig).env.RELAY_DOMAIN;
    const programs = running.app.get(ProgramsService);
    programme = await programs.createProgramme('Open Doors', { joinEnabled: true });
    person = await programs.addParticipant(programme.id, {
      name: 'Ana Lima',
      email: 'ana@people.example',
      aliases: ['ana.lima@work.example'],
      role: 'mentee',
    });
    const registry = running.app.get(DeskRegistry);
    registry.registerJoin({
      join: (request) => {
        joins.push(request);
        return Promise.resolve({ outcome: { status: 'accepted', reason: 'desk_answer', detail: 'joined' } });
      },
    });
    registry.register({
      kind: 'test-question',
      commands: ['#again'],
      answer: (reply) => {
        replies.push(reply);
        return Promise.resolve({
          outcome: { status: 'accepted', reason: 'desk_answer', detail: reply.text },
        });
      },
    });
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const send = (to: string, mail: Parameters<typeof buildEmail>[0], envelope = mail.from) =>
    SmtpTestClient.sendOnce(port, { from: envelope, to: [to], raw: buildEmail(mail).raw });

  const settled = (subject: string) =>
    waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ subject });
      return row && row.status !== 'received' ? row : null;
    });

  /** The desk asks Ana a question: the email goes out from her desk address. */
  async function ask(tag: string) {
    const asked = await running.app.get(Transactor).run((tx) =>
      running.app.get(DeskService).ask(tx, {
        participantId: person.id,
        toAddress: person.email,
        dedupeKey: `test:${tag}`,
        reason: 'test',
        kind: 'test-question',
        input: sampleInput('notice-command-confirmation'),
      }),
    );
    await running.app.get(OutboxService).enqueue([asked!.delivery]);
    const sent = await waitFor(async () => {
      const found = (await readOutbox(env.outboxDir)).find(
        (m) => m.parsed.messageId === `<${asked!.delivery.messageId}>`,
      );
      return found ?? null;
    });
    return { ...asked!, sent };
  }

  it('hands mail to an open join address to the join handler, with the sender and the new text', async () => {
    const to = joinAddress(programme.slug, domain);
    const reply = await send(to, {
      from: 'newcomer@people.example',
      fromName: 'New Comer',
      to,
      subject: 'I would like to join',
      text: 'Hello, I am a nurse and would love to mentor.',
    });
    expect([reply.rcpt[0].code, reply.data?.code]).toEqual([250, 250]);
    const row = await settled('I would like to join');
    expect([row.status, row.reason, row.detail]).toEqual(['accepted', 'desk_answer', 'joined']);
    expect(joins).toHaveLength(1);
    expect(joins[0]).toMatchObject({
      fromAddress: 'newcomer@people.example',
      fromName: 'New Comer',
      text: 'Hello, I am a nurse and would love to mentor.',
    });
    expect(joins[0].programme.id).toBe(programme.id);
  });

  it('refuses at RCPT the join address of a programme that does not take people in, and unknown desks', async () => {
    const closed = await running.app.get(ProgramsService).createProgramme('Closed Doors');
    const refused = await SmtpTestClient.sendOnce(port, {
      from: 'newcomer@people.example',
      to: [joinAddress(closed.slug, domain), `desk-nosuchkey@${domain}`],
      raw: 'Subject: x\r\n\r\nx',
    });
    expect(refused.rcpt.map((r) => r.code)).toEqual([550, 550]);
  });

  it('sends the question from the person’s own desk address, and hands their reply to its handler without the quote', async () => {
    const { ask: asked, sent } = await ask('one');
    const desk = sent.parsed.from!.value[0].address!;
    expect(desk).toMatch(new RegExp(`^desk-[a-z2-7]{21}@${domain.replace('.', '\\.')}$`));
    expect(toAddress(sent.parsed)).toBe(person.email);
    // No other address of anyone is on it.
    expect(sent.raw).not.toMatch(/people\.example.*people\.example/s);

    await send(desk, {
      from: person.email,
      to: desk,
      subject: 'Re: the question',
      inReplyTo: asked.messageId!,
      text: 'Tuesdays suit me.\n\nOn Mon, 7 Dec 2026, Programme wrote:\n> Which day suits you?\n',
    });
    const row = await settled('Re: the question');
    expect([row.status, row.reason, row.detail]).toEqual(['accepted', 'desk_answer', 'Tuesdays suit me.']);
    expect(replies.at(-1)!.ask?.id).toBe(asked.id);
    expect(replies.at(-1)!.participant.id).toBe(person.id);
    // Nothing was relayed to anyone.
    expect(await db.getRepository(Delivery).countBy({ kind: 'relay' })).toBe(0);
  });

  it('takes replies from the person’s other addresses, and a command whatever is open', async () => {
    const { sent } = await ask('two');
    const desk = sent.parsed.from!.value[0].address!;
    await send(desk, { from: 'ana.lima@work.example', to: desk, subject: 'Command please', text: '#again' });
    const row = await settled('Command please');
    expect([row.status, row.detail]).toEqual(['accepted', '#again']);
  });

  it('refuses mail to a desk from anyone but its owner, and records a reply when nothing was asked', async () => {
    const { sent } = await ask('three');
    const desk = sent.parsed.from!.value[0].address!;
    await send(desk, { from: 'intruder@elsewhere.example', to: desk, subject: 'Let me in', text: '1' });
    const stranger = await settled('Let me in');
    expect([stranger.status, stranger.reason]).toEqual(['rejected', 'unknown_sender']);
    await send(
      desk,
      { from: person.email, to: desk, subject: 'Forged envelope', text: '1' },
      'intruder@elsewhere.example',
    );
    expect((await settled('Forged envelope')).reason).toBe('unknown_sender');

    await db.query(`UPDATE desk_asks SET closed_at = now() WHERE participant_id = $1`, [person.id]);
    await send(desk, { from: person.email, to: desk, subject: 'Out of the blue', text: 'Hello?' });
    const idle = await settled('Out of the blue');
    expect([idle.status, idle.reason]).toEqual(['rejected', 'desk_no_question']);
  });
});
