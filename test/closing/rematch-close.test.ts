import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { PairingAdminService } from '../../src/admin/services/pairing-admin.service';
import { PairingClosureService } from '../../src/closing/pairing-closure.service';
import { RematchRequest } from '../../src/closing/entities/rematch-request.entity';
import { InboundEmail } from '../../src/inbound/entities/inbound-email.entity';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { MatchExclusion } from '../../src/matching/entities/match-exclusion.entity';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import { MatchingService } from '../../src/matching/matching.service';
import { ProgramsService } from '../../src/programs/programs.service';
import { buildEmail } from '../factories/emails';
import { addProfiled } from '../factories/match-people';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import { StaffClient } from '../admin/staff-client';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(30_000);

/**
 * #rematch, staff's end and the invitation to continue, over real SMTP: what each email says, who
 * gets it, and that a private reason never reaches the partner.
 */
describe('rematch and close', () => {
  let env: TestEnv;
  let running: RunningApp;
  let port: number;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    port = running.app.get(SmtpListener).port!;
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  const send = (from: string, world: PairingWorld, text: string, subject: string) =>
    SmtpTestClient.sendOnce(port, {
      from,
      to: [world.pairing.relayAddress],
      raw: buildEmail({ from, to: world.pairing.relayAddress, subject, text }).raw,
    });

  const settled = (subject: string) =>
    waitFor(async () => {
      const row = await db.getRepository(InboundEmail).findOneBy({ subject });
      return row && row.status !== 'received' ? row : null;
    });

  const mailTo = async (address: string) =>
    (await readOutbox(env.outboxDir)).filter((m) => toAddress(m.parsed) === address);

  const mailCount = (address: string, n: number) =>
    waitFor(async () => {
      const out = await mailTo(address);
      return out.length >= n ? out : null;
    });

  const REASON = 'We never find a time that works.\nAnd I would rather not say this to him directly.';

  /** A pairing's history rows with who did each, as the pairing page lists them. */
  const historyOf = (pairingId: string): Promise<{ action: string; email: string; note: string }[]> =>
    db.query(
      `SELECT a.action, s.email, a.note FROM pairing_actions a JOIN staff_users s ON s.id = a.staff_id
        WHERE a.pairing_id = $1`,
      [pairingId],
    );

  it('#rematch keeps the reason for staff, tells the sender what happens next, and relays nothing', async () => {
    const world = await createPairingWorld(running.app);
    await send(world.mentee.email, world, `#rematch ${REASON}`, 'Rematch please');
    const row = await settled('Rematch please');
    expect([row.status, row.reason]).toEqual(['accepted', 'command']);

    const [stored] = await db.getRepository(RematchRequest).findBy({ pairingId: world.pairing.id });
    expect([stored.participantId, stored.reason, stored.inboundEmailId]).toEqual([
      world.mentee.id,
      REASON,
      row.id,
    ]);

    const [confirmation] = await mailCount(world.mentee.email, 1);
    const text = confirmation.parsed.text!.replace(/\s+/g, ' ');
    expect(text).toContain('Programme staff will be in touch with you by email');
    expect(text).toContain('Maria Mentor was not sent your email and is not told your reason');
    expect(text).not.toContain('never find a time');

    // The partner gets nothing at all: no relay, no copy, no notice.
    expect(await mailTo(world.mentor.email)).toEqual([]);
    const toMentor = await db.getRepository(Delivery).findBy({ recipientId: world.mentor.id });
    expect(toMentor).toEqual([]);
    // Nothing the partner could ever be sent holds the reason.
    const all = await db.getRepository(Delivery).findBy({ pairingId: world.pairing.id });
    expect(JSON.stringify(all)).not.toContain('never find a time');

    // Staff see it on the pairing's page and on the needs-attention page.
    const view = await running.app.get(PairingAdminService).view(world.pairing.id);
    expect(view.rematches.map((r) => [r.name, r.reason])).toEqual([['Tom Mentee', REASON]]);
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'staff@example.org');
    const attention = await (await staff.get('/admin/attention')).text();
    expect(attention).toContain('Rematch requests');
    expect(attention).toContain('We never find a time that works.');
    const pairingPage = await (await staff.get(`/admin/pairings/${world.pairing.id}`)).text();
    expect(pairingPage).toContain('Tom Mentee</strong> asked for a rematch');
  });

  it('staff end a pair: both told kindly, never paired again, both free, the address read-only', async () => {
    const world = await createPairingWorld(running.app);
    await send(world.mentee.email, world, '#rematch: it is not working', 'Rematch two');
    await settled('Rematch two');
    await mailCount(world.mentee.email, 1);

    // The form's confirmation box is required by the server too.
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'closer@example.org');
    const csrf = await staff.csrf(`/admin/pairings/${world.pairing.id}`);
    const unconfirmed = await staff.post(`/admin/pairings/${world.pairing.id}/close`, { _csrf: csrf });
    expect(unconfirmed.status).toBe(400);
    expect((await db.getRepository(Pairing).findOneByOrFail({ id: world.pairing.id })).status).toBe('active');

    const closed = await staff.post(`/admin/pairings/${world.pairing.id}/close`, {
      _csrf: csrf,
      confirm: 'yes',
      rematch: 'yes',
      neverAgain: 'yes',
      note: 'asked by the mentee',
    });
    expect(closed.status).toBe(303);
    const pairing = await db.getRepository(Pairing).findOneByOrFail({ id: world.pairing.id });
    expect([pairing.status, pairing.endReason]).toEqual(['ended', 'rematch']);
    expect(await db.getRepository(MatchExclusion).findBy({ programmeId: world.programme.id })).toEqual([
      expect.objectContaining({
        mentorId: world.mentor.id,
        menteeId: world.mentee.id,
        reason: 'asked by the mentee',
      }),
    ]);
    const [request] = await db.getRepository(RematchRequest).findBy({ pairingId: world.pairing.id });
    expect(request.resolvedAt).not.toBeNull();
    // The pairing's history keeps who ended it and what the members were told, as the page shows it.
    const history = await historyOf(world.pairing.id);
    expect(history).toEqual([
      {
        action: 'end',
        email: 'closer@example.org',
        note: 'Both offered a new match. Never to be paired again. asked by the mentee',
      },
    ]);
    expect(await (await staff.get(`/admin/pairings/${world.pairing.id}`)).text()).toContain(
      'Both offered a new match. Never to be paired again. asked by the mentee',
    );

    // The matching helper's readiness rule: nobody in an active or paused pairing.
    const busy: unknown[] = await db.query(
      `SELECT 1 FROM pairing_members pm JOIN pairings p ON p.id = pm.pairing_id
        WHERE pm.participant_id = ANY($1) AND p.status IN ('active', 'paused')`,
      [[world.mentor.id, world.mentee.id]],
    );
    expect(busy).toEqual([]);

    for (const [member, partner] of [
      [world.mentor, 'Tom Mentee'],
      [world.mentee, 'Maria Mentor'],
    ] as const) {
      const out = await mailCount(member.email, member === world.mentee ? 2 : 1);
      const ended = out.find((m) => m.parsed.subject === `Your mentoring pair with ${partner} has closed`)!;
      const text = ended.parsed.text!.replace(/\s+/g, ' ');
      expect(text).toContain('this is no judgement on you');
      expect(text).toContain('You can be matched with a new partner');
      expect(text).not.toContain('not working');
    }

    // What the email promised: the address no longer passes mail on, and says so.
    await send(world.mentor.email, world, 'Still there?', 'After the close');
    const after = await settled('After the close');
    expect([after.status, after.reason]).toEqual(['rejected', 'pairing_not_active']);
    const notice = await waitFor(async () =>
      (await mailTo(world.mentor.email)).find((m) => m.parsed.subject?.startsWith('Not delivered')),
    );
    expect(notice.parsed.text).toContain('Your mentoring pair has been closed');
    expect(await db.getRepository(Delivery).findBy({ kind: 'relay', pairingId: world.pairing.id })).toEqual(
      [],
    );

    const again = await staff.post(`/admin/pairings/${world.pairing.id}/close`, {
      _csrf: csrf,
      confirm: 'yes',
    });
    expect(again.status).toBe(400);
  });

  it('after a never-again end, the matching engine pairs both again, with someone else', async () => {
    const programme = await running.app.get(ProgramsService).createProgramme(`Rematch Cohort ${Date.now()}`);
    // Ana and Cleo share a topic, so left alone the engine would pair them again (and Ben with Dan).
    const mentorA = await addProfiled(running.app, programme, 'mentor', {
      name: 'Ana Mentor',
      topics: ['design'],
    });
    const mentorB = await addProfiled(running.app, programme, 'mentor', { name: 'Ben Mentor' });
    const menteeA = await addProfiled(running.app, programme, 'mentee', {
      name: 'Cleo Mentee',
      topics: ['design'],
    });
    const before = await running.app.get(MatchingService).propose(programme.id, 'cli');
    expect(before.pairs.find((p) => p.menteeId === menteeA.id)?.mentorId).toBe(mentorA.id);
    const menteeB = await addProfiled(running.app, programme, 'mentee', { name: 'Dan Mentee' });
    const first = await running.app.get(ProgramsService).createPairing(programme, mentorA, [menteeA]);
    const second = await running.app.get(ProgramsService).createPairing(programme, mentorB, [menteeB]);
    for (const pairing of [first, second])
      await running.app
        .get(PairingClosureService)
        .close(pairing.id, { reason: 'rematch', neverAgain: true, staffId: null });

    const report = await running.app.get(MatchingService).propose(programme.id, 'cli');
    const pairs = report.pairs.map((p) => [p.mentorId, p.menteeId]).sort();
    expect(pairs).toEqual(
      [
        [mentorA.id, menteeB.id],
        [mentorB.id, menteeA.id],
      ].sort(),
    );
  });

  it('a pair invited to continue continues once both reply #continue, and both are told', async () => {
    const world = await createPairingWorld(running.app);
    // The pairing page's form, as staff send it.
    const staff = await StaffClient.loggedIn(running.app, running.httpUrl!, 'continuer@example.org');
    const csrf = await staff.csrf(`/admin/pairings/${world.pairing.id}`);
    const invite = (endsOn: string) =>
      staff.post(`/admin/pairings/${world.pairing.id}/continue`, { _csrf: csrf, endsOn });
    const past = await invite('2020-01-01');
    expect([past.status, await past.text()]).toEqual([400, expect.stringContaining('after today')]);
    expect((await invite('2031-06-30')).status).toBe(303);
    // Kept in the pairing's history with who asked, as the page shows it.
    const history = await historyOf(world.pairing.id);
    expect(history).toEqual([
      {
        action: 'continue',
        email: 'continuer@example.org',
        note: 'Until 2031-06-30, once every member replies #continue.',
      },
    ]);
    // The history's line (the page's own "Invited to continue until" shows without it).
    expect(await (await staff.get(`/admin/pairings/${world.pairing.id}`)).text()).toContain(
      'Until 2031-06-30, once every member replies #continue.',
    );
    for (const member of [world.mentor, world.mentee]) {
      const [invite] = await mailCount(member.email, 1);
      expect(invite.parsed.subject).toMatch(/^Would you like to continue with /);
      expect(invite.parsed.text).toContain('Monday 30 June 2031');
      expect(invite.parsed.text).toContain('#continue');
    }

    await send(world.mentor.email, world, '#continue', 'Yes from Maria');
    await settled('Yes from Maria');
    const waiting = (await mailCount(world.mentor.email, 2)).map((m) => m.parsed.text).join('\n');
    expect(waiting).toContain('Your pair continues once Tom Mentee says yes too');
    expect((await db.getRepository(Pairing).findOneByOrFail({ id: world.pairing.id })).endsOn).toBeNull();
    expect(
      (await running.app.get(PairingAdminService).view(world.pairing.id)).continuation?.answered,
    ).toEqual([world.mentor.id]);

    await send(world.mentee.email, world, '#continue', 'Yes from Tom');
    expect((await settled('Yes from Tom')).reason).toBe('command');
    expect((await db.getRepository(Pairing).findOneByOrFail({ id: world.pairing.id })).endsOn).toBe(
      '2031-06-30',
    );
    // The promise "we'll email you then": Maria hears the pair continues; Tom gets his confirmation.
    for (const [address, n] of [
      [world.mentor.email, 3],
      [world.mentee.email, 2],
    ] as const) {
      const out = await mailCount(address, n);
      const told = out.filter((m) =>
        m.parsed.text?.includes('so your pair continues until Monday 30 June 2031'),
      );
      expect(told).toHaveLength(1);
    }
    // The command emails themselves were never relayed.
    expect(await db.getRepository(Delivery).findBy({ kind: 'relay', pairingId: world.pairing.id })).toEqual(
      [],
    );
  });
});
