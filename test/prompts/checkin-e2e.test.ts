import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { Transactor } from '../../src/database/transactor';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import { CLOCK } from '../../src/prompts/clock';
import { formatLocal } from '../../src/prompts/schedule/local-time';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import { buildEmail } from '../factories/emails';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { readOutbox, toAddress, type OutboxEmail, bare, icsOf } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';

// Real PostgreSQL, Redis and SMTP on a shared machine: more than Jest's 5 s default.
jest.setTimeout(90_000);

describe('video check-in: one time for both', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  // Monday 6 January 2025, 13:00 in Berlin and 07:00 in New York.
  const clock = new FakeClock(new Date('2025-01-06T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );
  const subjectIs = (re: RegExp) => (m: OutboxEmail) => re.test(m.parsed.subject ?? '');

  /** Sends a reply over SMTP and waits until the pipeline has decided it. */
  async function reply(w: PairingWorld, from: 'mentor' | 'mentee', to: OutboxEmail, text: string) {
    const email = buildEmail({
      from: w[from].email,
      to: w.pairing.relayAddress,
      subject: `Re: ${to.parsed.subject}`,
      inReplyTo: bare(to.parsed.messageId),
      references: [bare(to.parsed.messageId)],
      text,
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: w[from].email,
      to: [w.pairing.relayAddress],
      raw: email.raw,
    });
    return waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ messageId: email.messageId });
      return row && row.status !== 'received' ? row : null;
    });
  }

  /** Issues the week-9 video check-in prompt to both members now, as the tick would. */
  async function issueCheckin(w: PairingWorld): Promise<{ mentor: OutboxEmail; mentee: OutboxEmail }> {
    const issuer = running.app.get(PromptIssuer);
    const slot = { week: 9, item: 1, weekStart: '2025-01-06', at: clock.now() };
    const deliveries = await running.app
      .get(Transactor)
      .run(async (tx) => [
        ...(await issuer.issue(
          tx,
          { ...w.mentor, participantId: w.mentor.id, pairingId: w.pairing.id },
          slot,
          'video-checkin',
          clock.now(),
        )),
        ...(await issuer.issue(
          tx,
          { ...w.mentee, participantId: w.mentee.id, pairingId: w.pairing.id },
          slot,
          'video-checkin',
          clock.now(),
        )),
      ]);
    await running.app.get(OutboxService).enqueue(deliveries);
    const prompt = subjectIs(/^Week 9: A face-to-face check-in/);
    return { mentor: await mailTo(w.mentor.email, prompt), mentee: await mailTo(w.mentee.email, prompt) };
  }

  describe('mentor proposes, mentee picks', () => {
    let w: PairingWorld;
    let pick: OutboxEmail;
    const proposal = [
      'Happy to talk, any of these work for me:',
      'Tue 14 Jan 18:00',
      '16/01 6pm',
      'Thursday 7:30pm',
      'Jitsi: https://meet.jit.si/bright-futures-maria',
      'Ring me first? Write to maria.private@home-mail.example',
    ].join('\n');
    // Read in Berlin: 14 Jan 18:00, 16 Jan 18:00, Thursday 9 Jan 19:30.
    const instants = ['2025-01-14T17:00:00Z', '2025-01-16T17:00:00Z', '2025-01-09T18:30:00Z'].map(
      (s) => new Date(s),
    );

    beforeAll(async () => {
      w = await createPairingWorld(running.app); // mentor Berlin, mentee New York
      const prompts = await issueCheckin(w);
      // The prompt invents no time: the mentor is asked for times, the mentee told how to pick.
      for (const p of [prompts.mentor, prompts.mentee])
        expect(p.parsed.attachments.filter((a) => a.contentType === 'text/calendar')).toEqual([]);
      expect(prompts.mentor.parsed.text).toContain(
        'one per line, in your own time zone, like "Tue 14 Jan 18:00"',
      );
      expect(prompts.mentee.parsed.text).toContain('reply with the number that suits you');
      const proposed = await reply(w, 'mentor', prompts.mentor, proposal);
      expect(proposed).toMatchObject({ status: 'accepted', reason: 'checkin_proposed' });
      pick = await mailTo(w.mentee.email, subjectIs(/^Pick a time/));
    });

    it('lists the times numbered in the mentee’s own zone, with the note, and relays nothing else', async () => {
      const text = pick.parsed.text ?? '';
      instants.forEach((at, i) =>
        expect(text).toContain(`${i + 1}. ${formatLocal(at, 'America/New_York', 'en')}`),
      );
      expect(text).toContain('shown in your time (America/New_York)');
      expect(text).toContain('Jitsi: https://meet.jit.si/bright-futures-maria');
      expect(pick.parsed.from?.value[0].address).toBe(w.pairing.relayAddress);
      expect(pick.raw).not.toContain(w.mentor.email);
      // The note goes out as the relay would pass it: an address in it is hidden.
      expect(text).toContain('Ring me first? Write to [address hidden]');
      expect(pick.raw).not.toContain('maria.private@home-mail.example');
      expect(await db.getRepository(Delivery).countBy({ kind: 'relay', pairingId: w.pairing.id })).toBe(0);
      // The mentor hears that the times went out, in their own zone.
      const sent = await mailTo(w.mentor.email, subjectIs(/^Your times went to Tom/));
      expect(sent.parsed.text).toContain(`1. ${formatLocal(instants[0], 'Europe/Berlin', 'en')}`);
    });

    it('answers a number out of range with a notice, and passes nothing on', async () => {
      const row = await reply(w, 'mentee', pick, '7');
      expect(row).toMatchObject({ status: 'accepted', reason: 'checkin_pick_invalid' });
      const notice = await mailTo(w.mentee.email, subjectIs(/^Which time\?/));
      expect(notice.parsed.text).toContain('there is no time number 7');
      expect(notice.parsed.text).toContain(`3. ${formatLocal(instants[2], 'America/New_York', 'en')}`);
      expect(await db.getRepository(Delivery).countBy({ kind: 'relay', pairingId: w.pairing.id })).toBe(0);
    });

    it('a pick sends both the same invitation: one UID, the picked instant, each in their own zone', async () => {
      const row = await reply(w, 'mentee', pick, '1');
      expect(row).toMatchObject({ status: 'accepted', reason: 'checkin_picked' });
      const invited = subjectIs(/^Video check-in with/);
      const toMentor = await mailTo(w.mentor.email, invited);
      const toMentee = await mailTo(w.mentee.email, invited);
      const [a, b] = [icsOf(toMentor), icsOf(toMentee)];
      expect(a.METHOD).toBe('REQUEST');
      expect(a.UID).toBe(b.UID);
      expect(a.UID).not.toContain(w.pairing.id);
      expect([a.DTSTART, b.DTSTART]).toEqual(['20250114T170000Z', '20250114T170000Z']);
      expect([a.SEQUENCE, b.SEQUENCE]).toEqual(['0', '0']);
      expect(a.LOCATION).toBe('https://meet.jit.si/bright-futures-maria');
      expect(a.ORGANIZER).toBe(`mailto:${w.pairing.relayAddress}`);
      expect(toMentor.parsed.text).toContain(
        `is on ${formatLocal(instants[0], 'Europe/Berlin', 'en')}, your time (Europe/Berlin)`,
      );
      expect(toMentee.parsed.text).toContain(
        `is on ${formatLocal(instants[0], 'America/New_York', 'en')}, your time (America/New_York)`,
      );
      for (const [mail, other] of [
        [toMentor, w.mentee.email],
        [toMentee, w.mentor.email],
      ] as const) {
        expect(mail.raw).not.toContain(other);
        const file = mail.parsed.attachments.find((f) => f.contentType === 'text/calendar')!;
        expect(file.content.toString()).not.toContain(other);
        expect(file.content.toString()).not.toContain(mail === toMentor ? w.mentor.email : w.mentee.email);
      }
    });

    it('a second pick updates the same event: same UID, next SEQUENCE, the new instant', async () => {
      const first = icsOf(await mailTo(w.mentee.email, subjectIs(/^Video check-in with/)));
      await reply(w, 'mentee', pick, '2');
      const moved = (m: OutboxEmail) =>
        /^Video check-in with/.test(m.parsed.subject ?? '') && icsOf(m).SEQUENCE === '1';
      const [a, b] = [icsOf(await mailTo(w.mentor.email, moved)), icsOf(await mailTo(w.mentee.email, moved))];
      expect([a.UID, b.UID]).toEqual([first.UID, first.UID]);
      expect([a.DTSTART, b.DTSTART]).toEqual(['20250116T170000Z', '20250116T170000Z']);
    });

    it('a reply in the mentee’s own words is relayed to the mentor', async () => {
      const row = await reply(w, 'mentee', pick, 'Could we do Friday instead? Mornings are easier.');
      expect(row).toMatchObject({ status: 'accepted', reason: 'relayed' });
      await mailTo(w.mentor.email, (m) => (m.parsed.text ?? '').includes('Mornings are easier'));
    });
  });

  it('a pick of a time that has passed gets a notice and no invitation', async () => {
    const w = await createPairingWorld(running.app);
    const prompts = await issueCheckin(w);
    await reply(w, 'mentor', prompts.mentor, 'Thursday 7:30pm\nFri 10 Jan 18:00');
    const pick = await mailTo(w.mentee.email, subjectIs(/^Pick a time/));
    clock.set('2025-01-09T20:00:00Z'); // Thursday 21:00 in Berlin: time 1 is over
    try {
      const row = await reply(w, 'mentee', pick, '1');
      expect(row).toMatchObject({ status: 'accepted', reason: 'checkin_pick_invalid' });
      const notice = await mailTo(w.mentee.email, subjectIs(/^That time has passed/));
      expect(notice.parsed.text).toContain('time 1 has already passed');
      expect(await db.getRepository(Delivery).countBy({ kind: 'checkin', recipientId: w.mentor.id })).toBe(1);
    } finally {
      clock.set('2025-01-06T12:00:00Z');
    }
  });

  it('a proposal without a readable time is relayed, and the mentor is told how to write times', async () => {
    const w = await createPairingWorld(running.app);
    const prompts = await issueCheckin(w);
    const row = await reply(w, 'mentor', prompts.mentor, 'Sometime next week?\nWed 14 Jan 18:00');
    expect(row).toMatchObject({ status: 'accepted', reason: 'relayed' });
    await mailTo(w.mentee.email, (m) => (m.parsed.text ?? '').includes('Sometime next week?'));
    const notice = await mailTo(w.mentor.email, subjectIs(/^No times found/));
    const text = notice.parsed.text ?? '';
    for (const example of ['Tue 14 Jan 18:00', '14/01 6pm', 'Thursday 7:30pm'])
      expect(text).toContain(example);
    expect(text).toContain('in your own time (Europe/Berlin)');
    expect(text).toContain('"Wed 14 Jan 18:00": 14 January 2025 is a Tuesday');
    expect(notice.parsed.headers.get('auto-submitted')).toBe('auto-replied');
  });
});
