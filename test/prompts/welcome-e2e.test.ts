import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { COMMAND_HELP } from '../../src/prompts/commands/parse-command';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { formatLocal } from '../../src/prompts/schedule/local-time';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { StaffClient } from '../admin/staff-client';
import { buildEmail } from '../factories/emails';
import { readOutbox, toAddress, type OutboxEmail } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';

// Real PostgreSQL, Redis, HTTP and SMTP on a shared machine: more than Jest's 5 s default.
jest.setTimeout(90_000);

const bare = (id: string | undefined) => (id ?? '').replace(/[<>]/g, '');
const isWelcome = (m: OutboxEmail) => /^Welcome to /.test(m.parsed.subject ?? '');
/** Every address-shaped string in a text. */
const addressesIn = (text: string) =>
  text
    .split(/[\s<>()"',;:=?]+/)
    .filter((token) => token.indexOf('@') > 0)
    .map((token) => token.replace(/\.$/, ''));

describe('the welcome, when a pairing becomes active', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let tick: ScheduleTickService;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z')); // a Sunday

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    tick = running.app.get(ScheduleTickService);
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const mailTo = (address: string, match: (m: OutboxEmail) => boolean) =>
    waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => toAddress(m.parsed) === address && match(m)),
    );

  const sendSmtp = async (from: string, to: string, raw: string) => {
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, { from, to: [to], raw });
  };

  describe('a pairing imported by CSV', () => {
    let rita: Participant;
    let tom: Participant;
    let pairing: Pairing;
    let toRita: OutboxEmail;
    let toTom: OutboxEmail;

    beforeAll(async () => {
      const programme = await running.app.get(ProgramsService).createProgramme('Welcome Trust');
      const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'staff@welcome.example');
      const csv = [
        'name,email,role,pairing,time_zone,preferred_name,about',
        'Margarita Lopez,rita@mentor-mail.example,mentor,p1,Europe/Berlin,Rita,"Product designer, switched careers at 30."',
        'Thomas Okafor,thomas@student-mail.example,mentee,p1,America/New_York,Tom,Second-year student who builds robots.',
      ].join('\n');
      const csrf = await staff.csrf(`/admin/programmes/${programme.id}`);
      // The preview shows staff the name each person goes by and their line.
      const preview = await (
        await staff.post(`/admin/programmes/${programme.id}/import`, { _csrf: csrf, csv })
      ).text();
      expect(preview).toContain('Margarita Lopez <span class="muted">(goes by Rita)</span>');
      expect(preview).toContain('Second-year student who builds robots.');
      const res = await staff.post(`/admin/programmes/${programme.id}/import/confirm`, { _csrf: csrf, csv });
      expect(res.status).toBe(303);
      rita = await db.getRepository(Participant).findOneByOrFail({ email: 'rita@mentor-mail.example' });
      tom = await db.getRepository(Participant).findOneByOrFail({ email: 'thomas@student-mail.example' });
      pairing = await db
        .getRepository(Pairing)
        .createQueryBuilder('p')
        .where('p.programme_id = :id', { id: programme.id })
        .getOneOrFail();

      await tick.tick(clock.now());
      toRita = await mailTo(rita.email, isWelcome);
      toTom = await mailTo(tom.email, isWelcome);
    });

    it('introduces the partner by preferred first name, role and their line', () => {
      expect(toTom.parsed.subject).toBe('Welcome to Welcome Trust: meet Rita');
      expect(toTom.parsed.text).toContain('Welcome, Tom');
      expect(toTom.parsed.text).toContain('Rita, your mentor: Product designer, switched careers at 30.');
      expect(toRita.parsed.subject).toBe('Welcome to Welcome Trust: meet Tom');
      expect(toRita.parsed.text).toContain('Welcome, Rita');
      expect(toRita.parsed.text).toContain('Tom, your mentee: Second-year student who builds robots.');
    });

    it("names the pairing's relay address, comes from it, and holds no real address but the recipient's own To", () => {
      for (const [mail, me, partner] of [
        [toRita, rita, tom],
        [toTom, tom, rita],
      ] as const) {
        expect(mail.parsed.from?.value[0].address).toBe(pairing.relayAddress);
        expect(mail.parsed.replyTo?.value[0].address).toBe(pairing.relayAddress);
        expect(mail.parsed.text).toContain(`send a new one to ${pairing.relayAddress}`);
        for (const body of [mail.parsed.text ?? '', String(mail.parsed.html)]) {
          expect(new Set(addressesIn(body))).toEqual(new Set([pairing.relayAddress]));
        }
        expect(mail.raw).not.toContain(partner.email);
        expect(addressesIn(mail.raw).filter((a) => a === me.email)).toEqual([me.email]); // To only
      }
    });

    it('announces the first prompt at the time the schedule sends it, in the reader’s own zone', async () => {
      for (const [mail, me] of [
        [toRita, rita],
        [toTom, tom],
      ] as const) {
        const schedule = await db
          .getRepository(Schedule)
          .findOneByOrFail({ participantId: me.id, stream: 'prompt' });
        const when = formatLocal(schedule.nextRunAt!, me.timeZone, me.locale);
        const announced = /Your first prompt, "([^"]+)", arrives (.+), your time \(([^)]+)\)\./.exec(
          mail.parsed.text ?? '',
        );
        expect(announced?.slice(2)).toEqual([when, me.timeZone]);

        // Nothing before that instant; at it, that very prompt.
        const title = announced![1];
        await tick.tick(clock.set(new Date(schedule.nextRunAt!.getTime() - 60_000).toISOString()));
        expect(await db.getRepository(Delivery).countBy({ kind: 'prompt', recipientId: me.id })).toBe(0);
        await tick.tick(clock.set(new Date(schedule.nextRunAt!.getTime() + 5_000).toISOString()));
        const prompt = await mailTo(me.email, (m) => /^Week 1:/.test(m.parsed.subject ?? ''));
        expect(prompt.parsed.subject).toBe(`Week 1: ${title}`);
        // "It comes from this same address".
        expect(prompt.parsed.from?.value[0].address).toBe(pairing.relayAddress);
      }
    });

    it('lists the commands, and a command sent in reply reaches MentorMail, not the partner', async () => {
      for (const { example } of COMMAND_HELP) expect(toTom.parsed.text).toContain(example);
      const help = buildEmail({
        from: tom.email,
        to: pairing.relayAddress,
        subject: `Re: ${toTom.parsed.subject}`,
        inReplyTo: bare(toTom.parsed.messageId),
        references: [bare(toTom.parsed.messageId)],
        text: '#help',
      });
      await sendSmtp(tom.email, pairing.relayAddress, help.raw);
      await mailTo(tom.email, (m) => /How to use MentorMail/.test(m.parsed.subject ?? ''));
      // Rita's own welcome lists #help too; nothing else she got may carry it.
      const toMentor = (await readOutbox(env.outboxDir)).filter(
        (m) => toAddress(m.parsed) === rita.email && !isWelcome(m),
      );
      expect(toMentor.some((m) => (m.parsed.text ?? '').includes('#help'))).toBe(false);
    });

    it('a reply to the welcome reaches the partner from the relay address, without the author’s address', async () => {
      const reply = buildEmail({
        from: tom.email,
        fromName: 'Thomas Okafor',
        to: pairing.relayAddress,
        subject: `Re: ${toTom.parsed.subject}`,
        inReplyTo: bare(toTom.parsed.messageId),
        references: [bare(toTom.parsed.messageId)],
        text: 'Hi Rita, glad to meet you. I am building a line-following robot.',
      });
      await sendSmtp(tom.email, pairing.relayAddress, reply.raw);
      const relayed = await mailTo(rita.email, (m) => (m.parsed.text ?? '').includes('line-following robot'));
      expect(relayed.parsed.from?.value[0].address).toBe(pairing.relayAddress);
      expect(relayed.raw).not.toContain(tom.email);
    });

    it('a new email to the relay address, not a reply, reaches the partner too', async () => {
      const fresh = buildEmail({
        from: rita.email,
        to: pairing.relayAddress,
        subject: 'A book for you',
        text: 'Tom, have a look at "The Pragmatic Programmer" when you can.',
      });
      await sendSmtp(rita.email, pairing.relayAddress, fresh.raw);
      const relayed = await mailTo(tom.email, (m) => (m.parsed.text ?? '').includes('Pragmatic Programmer'));
      expect(relayed.parsed.from?.value[0].address).toBe(pairing.relayAddress);
      expect(relayed.raw).not.toContain(rita.email);
    });

    it('is sent once per person, however often the tick runs or the pairing is paused and resumed', async () => {
      const programs = running.app.get(ProgramsService);
      await tick.tick(clock.now());
      await programs.setPairingStatus(pairing.id, 'paused');
      await tick.tick(clock.now());
      await programs.setPairingStatus(pairing.id, 'active');
      await tick.tick(clock.now());
      expect(await db.getRepository(Delivery).countBy({ kind: 'welcome', pairingId: pairing.id })).toBe(2);
    });
  });

  it('a pairing created paused is welcomed on its first activation, not before', async () => {
    const programs = running.app.get(ProgramsService);
    const programme = await programs.createProgramme('Later Start');
    const mentor = await programs.addParticipant(programme.id, {
      name: 'Ana Silva',
      email: 'ana@mentor-mail.example',
      role: 'mentor',
    });
    const mentee = await programs.addParticipant(programme.id, {
      about: 'Likes chess; reach me at bo.private@home-mail.example',
      name: 'Bo Chen',
      email: 'bo@student-mail.example',
      role: 'mentee',
    });
    const pairing = await programs.createPairing(programme, mentor, [mentee]);
    await programs.setPairingStatus(pairing.id, 'paused');
    await tick.tick(clock.now());
    expect(await db.getRepository(Delivery).countBy({ kind: 'welcome', pairingId: pairing.id })).toBe(0);

    await programs.setPairingStatus(pairing.id, 'active');
    await tick.tick(clock.now());
    const welcome = await mailTo(mentee.email, isWelcome);
    // No preferred name and no line: the first word of the name, and no empty "about".
    expect(welcome.parsed.text).toContain('Welcome, Bo');
    expect(welcome.parsed.text).toMatch(/Ana, your mentor\s*\n/);
    // The line about Bo reaches Ana with the address in it hidden.
    const toAna = await mailTo(mentor.email, isWelcome);
    expect(toAna.parsed.text).toContain('Bo, your mentee: Likes chess; reach me at [address hidden]');
    expect(toAna.raw).not.toContain('bo.private@home-mail.example');
  });
});
