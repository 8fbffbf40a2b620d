import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { BULK_LIMITS } from '../factories/pairing.factory';
import { buildEmail } from '../factories/emails';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

const bare = (id: string | undefined) => (id ?? '').replace(/^<|>$/g, '');
const NAMES = ['Ana Lopez', 'Ben Okafor', 'Cleo Martin', 'Dana Novak', 'Eli Sato'];

describe('a circle over real SMTP: 1 lead and 5 members', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;
  let programme: Programme;
  let lead: Participant;
  let members: Participant[];
  let circle: Pairing;
  const everyone = () => [lead, ...members];

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
    const programs = running.app.get(ProgramsService);
    const tag = randomBytes(3).toString('hex');
    programme = await programs.createProgramme(`Circles ${tag}`, BULK_LIMITS);
    // Each person on a domain of their own, so a leaked domain is as visible as a leaked address.
    lead = await programs.addParticipant(programme.id, {
      name: 'Lena Lead',
      email: `lena.${tag}@lead-${tag}.example`,
      role: 'mentor',
    });
    members = [];
    for (const [i, name] of NAMES.entries())
      members.push(
        await programs.addParticipant(programme.id, {
          name,
          email: `${name.split(' ')[0].toLowerCase()}.${tag}@member${i}-${tag}.example`,
          role: 'mentee',
        }),
      );
    circle = await programs.createCircle(programme, 'Career changers', [lead], members);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const smtp = (from: string, raw: string, to: string[] = [circle.relayAddress]) =>
    SmtpTestClient.sendOnce(port, { from, to, raw });

  /** Outbox copies whose text contains `marker`, once there are `count` of them. */
  const copiesOf = (marker: string, count: number) =>
    waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter((m) => (m.parsed.text ?? '').includes(marker));
      return out.length >= count ? out : null;
    });

  const inboundStates = async () =>
    (await db.getRepository(InboundEmail).find({ order: { receivedAt: 'ASC' } })).map(
      (r) => `${r.status}/${r.reason}`,
    );

  /** Every real address and domain of the people other than `recipient`: none may be in its copy. */
  const expectNoTraceOfOthers = (copy: OutboxEmail, recipient: Participant) => {
    const raw = copy.raw.toLowerCase();
    for (const p of everyone().filter((q) => q.id !== recipient.id)) {
      expect(raw).not.toContain(p.email);
      expect(raw).not.toContain(p.email.split('@')[1]);
    }
  };

  let firstCopies: OutboxEmail[];
  let firstMessageId: string;

  it("relays one member's email to the 5 others, each copy to that person alone, with no one's address", async () => {
    const ana = members[0];
    const email = buildEmail({
      from: ana.email,
      fromName: ana.name,
      to: circle.relayAddress,
      subject: 'Switching into data',
      text: `Hello circle! M1 I am Ana, I write from ${ana.email}.`,
    });
    firstMessageId = email.messageId;
    expect((await smtp(ana.email, email.raw)).data?.code).toBe(250);

    firstCopies = await copiesOf('M1 I am Ana', 5);
    const recipients = firstCopies.map((c) => toAddress(c.parsed)).sort();
    expect(recipients).toEqual(
      everyone()
        .filter((p) => p.id !== ana.id)
        .map((p) => p.email)
        .sort(),
    );
    for (const copy of firstCopies) {
      const recipient = everyone().find((p) => p.email === toAddress(copy.parsed))!;
      const to = Array.isArray(copy.parsed.to) ? copy.parsed.to : [copy.parsed.to!];
      expect(to.flatMap((t) => t.value.map((v) => v.address))).toEqual([recipient.email]);
      expect(copy.parsed.cc).toBeUndefined();
      expect(copy.parsed.bcc).toBeUndefined();
      expect(copy.parsed.from?.value).toEqual([
        { name: 'Ana Lopez via Career changers', address: circle.relayAddress },
      ]);
      expect(copy.parsed.replyTo?.value[0].address).toBe(circle.relayAddress);
      expect(copy.parsed.text).toContain('the 5 other people in Career changers');
      expect(copy.raw).not.toContain(firstMessageId);
      expectNoTraceOfOthers(copy, recipient);
    }
  }, 30_000);

  it('the same email delivered again relays nothing more', async () => {
    const ana = members[0];
    // Exactly the bytes that came in first, as a sending server retrying would deliver them.
    const first = (await db.getRepository(InboundEmail).find({ order: { receivedAt: 'ASC' } }))[0];
    expect((await smtp(ana.email, first.raw!.toString('utf8'))).data?.code).toBe(250);
    await waitFor(async () => ((await inboundStates()).length === 2 ? true : null));
    expect(await inboundStates()).toEqual(['accepted/relayed', 'ignored/duplicate']);
    expect(
      (await readOutbox(env.outboxDir)).filter((m) => m.parsed.text?.includes('M1 I am Ana')),
    ).toHaveLength(5);
  }, 30_000);

  it('a reply-all naming the circle twice and an outsider relays once per member and threads per recipient', async () => {
    const ben = members[1];
    const toBen = firstCopies.find((c) => toAddress(c.parsed) === ben.email)!;
    const reply = buildEmail({
      from: ben.email,
      fromName: ben.name,
      to: circle.relayAddress,
      subject: `Re: ${toBen.parsed.subject}`,
      inReplyTo: bare(toBen.parsed.messageId),
      references: [bare(toBen.parsed.messageId)],
      headers: {
        // A client that kept the relay names of earlier copies, and Cc'd a friend.
        Cc: `"Ana Lopez via Career changers" <${circle.relayAddress}>, "Lena Lead via Career changers" <${circle.relayAddress}>, friend@outside-${ben.id.slice(0, 6)}.example`,
      },
      text: `M2 Welcome Ana, Ben here.\n\nOn Monday, Ana Lopez via Career changers <${circle.relayAddress}> wrote:\n> Hello circle!`,
    });
    // The envelope names the circle twice, as a client expanding To and Cc would.
    const sent = await smtp(ben.email, reply.raw, [circle.relayAddress, circle.relayAddress]);
    expect(sent.data?.code).toBe(250);

    const copies = await copiesOf('M2 Welcome Ana', 5);
    await waitFor(async () =>
      (await db.query(`SELECT 1 FROM inbound_emails WHERE status = 'received'`)).length === 0 ? true : null,
    );
    // Stored once (a recipient named twice in one envelope is one recipient), relayed once.
    const states = await inboundStates();
    expect(states.filter((s) => s === 'accepted/relayed')).toHaveLength(2);
    expect(copies).toHaveLength(5);
    expect(copies.map((c) => toAddress(c.parsed)).sort()).toEqual(
      everyone()
        .filter((p) => p.id !== ben.id)
        .map((p) => p.email)
        .sort(),
    );
    for (const copy of copies) {
      const recipient = everyone().find((p) => p.email === toAddress(copy.parsed))!;
      expect(copy.parsed.subject).toBe('Re: Switching into data');
      // Threaded per recipient: Ana's copy answers her own email; the others, the copy they got.
      const cited =
        recipient.id === members[0].id
          ? firstMessageId
          : bare(firstCopies.find((c) => toAddress(c.parsed) === recipient.email)!.parsed.messageId);
      expect(bare(copy.parsed.inReplyTo)).toBe(cited);
      expectNoTraceOfOthers(copy, recipient);
      expect(copy.raw).not.toContain('outside-');
    }
    // Ben hears that the outsider saw his address.
    const notices: { reason: string }[] = await db.query(
      `SELECT payload->>'reason' AS reason FROM deliveries WHERE kind = 'notice' AND to_address = $1`,
      [ben.email],
    );
    expect(notices.map((n) => n.reason)).toEqual(['cc_exposed']);
  }, 30_000);

  it('#leave: the member is confirmed, the lead told, and gets no more copies', async () => {
    const eli = members[4];
    const leave = buildEmail({
      from: eli.email,
      to: circle.relayAddress,
      subject: 'Re: Switching',
      text: '#leave',
    });
    expect((await smtp(eli.email, leave.raw)).data?.code).toBe(250);
    const [confirmation] = await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === eli.email && m.parsed.subject === 'You have left Career changers',
      );
      return out.length ? out : null;
    });
    expect(confirmation.parsed.text).toContain('no more messages from Career changers');
    expect(confirmation.parsed.from?.value[0].address).toBe(circle.relayAddress);
    await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === lead.email && m.parsed.subject === 'Eli Sato has left Career changers',
      );
      return out.length ? out : null;
    });
    // Nobody else heard of it: the #leave is not relayed.
    expect(
      (await readOutbox(env.outboxDir)).filter((m) => m.parsed.text?.trim().startsWith('#leave')),
    ).toHaveLength(0);

    const ana = members[0];
    const after = buildEmail({
      from: ana.email,
      to: circle.relayAddress,
      subject: 'Next',
      text: 'M3 after Eli left',
    });
    expect((await smtp(ana.email, after.raw)).data?.code).toBe(250);
    const copies = await copiesOf('M3 after Eli left', 4);
    await waitFor(async () =>
      (await db.query(`SELECT 1 FROM deliveries WHERE kind = 'relay' AND status <> 'sent'`)).length === 0
        ? true
        : null,
    );
    expect(copies.map((c) => toAddress(c.parsed)).sort()).toEqual(
      [lead, members[1], members[2], members[3]].map((p) => p.email).sort(),
    );
    expect(copies[0].parsed.text).toContain('the 4 other people in Career changers');

    // What Eli writes now is refused, not relayed.
    const late = buildEmail({
      from: eli.email,
      to: circle.relayAddress,
      subject: 'Late',
      text: 'M4 from Eli',
    });
    expect((await smtp(eli.email, late.raw)).data?.code).toBe(250);
    await waitFor(async () => ((await inboundStates()).includes('rejected/unknown_sender') ? true : null));
    expect(
      (await readOutbox(env.outboxDir)).filter((m) => m.parsed.text?.includes('M4 from Eli')),
    ).toHaveLength(0);
  }, 30_000);

  it("#mute by the lead: the lead is told, the member's mail is held for staff", async () => {
    const dana = members[3];
    const mute = buildEmail({ from: lead.email, to: circle.relayAddress, subject: 'x', text: '#mute Dana' });
    expect((await smtp(lead.email, mute.raw)).data?.code).toBe(250);
    await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter(
        (m) =>
          toAddress(m.parsed) === lead.email && m.parsed.subject === 'Dana Novak is muted in Career changers',
      );
      return out.length ? out : null;
    });
    const said = buildEmail({
      from: dana.email,
      to: circle.relayAddress,
      subject: 'Hi',
      text: 'M5 from muted Dana',
    });
    expect((await smtp(dana.email, said.raw)).data?.code).toBe(250);
    const held = await waitFor(() =>
      db.getRepository(InboundEmail).findOneBy({ status: 'held', reason: 'member_muted' }),
    );
    expect(held.pairingId).toBe(circle.id);
    expect(
      (await readOutbox(env.outboxDir)).filter((m) => m.parsed.text?.trim().startsWith('#mute')),
    ).toHaveLength(0);
    expect((await readOutbox(env.outboxDir)).filter((m) => m.parsed.text?.includes('M5 from'))).toHaveLength(
      0,
    );

    // A muted member still reads the circle.
    const ana = members[0];
    const later = buildEmail({
      from: ana.email,
      to: circle.relayAddress,
      subject: 'More',
      text: 'M6 to all',
    });
    expect((await smtp(ana.email, later.raw)).data?.code).toBe(250);
    const copies = await copiesOf('M6 to all', 4);
    expect(copies.map((c) => toAddress(c.parsed))).toContain(dana.email);
  }, 30_000);

  it('#pause acts on the member who wrote it, not the circle, and is not relayed', async () => {
    const cleo = members[2];
    const pause = buildEmail({
      from: cleo.email,
      to: circle.relayAddress,
      subject: 'x',
      text: '#pause 2 weeks',
    });
    expect((await smtp(cleo.email, pause.raw)).data?.code).toBe(250);
    const paused = await waitFor(async () => {
      const rows: { id: string }[] = await db.query(
        `SELECT id FROM participants WHERE paused_until IS NOT NULL`,
      );
      return rows.length ? rows : null;
    });
    expect(paused.map((r) => r.id)).toEqual([cleo.id]);
    const [circleRow] = await db.query(`SELECT status FROM pairings WHERE id = $1`, [circle.id]);
    expect(circleRow.status).toBe('active');
    expect(
      (await readOutbox(env.outboxDir)).filter((m) => m.parsed.text?.trim().startsWith('#pause')),
    ).toHaveLength(0);
  }, 30_000);

  it('a #mute naming nobody is answered; a muted member can still #leave', async () => {
    const wrong = buildEmail({ from: lead.email, to: circle.relayAddress, subject: 'x', text: '#mute Zed' });
    expect((await smtp(lead.email, wrong.raw)).data?.code).toBe(250);
    const subjectsTo = async (p: Participant) =>
      (await readOutbox(env.outboxDir))
        .filter((m) => toAddress(m.parsed) === p.email)
        .map((m) => m.parsed.subject);
    await waitFor(async () =>
      (await subjectsTo(lead)).includes('Nobody muted in Career changers') ? true : null,
    );

    const dana = members[3];
    const leave = buildEmail({ from: dana.email, to: circle.relayAddress, subject: 'bye', text: '#leave' });
    expect((await smtp(dana.email, leave.raw)).data?.code).toBe(250);
    await waitFor(async () =>
      (await subjectsTo(dana)).includes('You have left Career changers') ? true : null,
    );
    const [row] = await db.query(`SELECT left_at FROM pairing_members WHERE participant_id = $1`, [dana.id]);
    expect(row.left_at).not.toBeNull();
  }, 30_000);
});
