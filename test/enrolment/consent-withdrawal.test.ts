import { DataSource } from 'typeorm';
import { AttentionService } from '../../src/attention/attention.service';
import type { RunningApp } from '../../src/bootstrap';
import { CONFIRM_CSP } from '../../src/enrolment/confirm-page';
import { ParticipantProfile } from '../../src/enrolment/entities/participant-profile.entity';
import { EnrolmentRepository } from '../../src/enrolment/enrolment.repository';
import { Transactor } from '../../src/database/transactor';
import { readiness } from '../../src/matching/readiness';
import { ReadinessRepository } from '../../src/matching/readiness.repository';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import { PairingMember } from '../../src/programs/entities/pairing-member.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { randomKey } from '../../src/programs/relay-address';
import { createPairingWorld } from '../factories/pairing.factory';
import { TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/**
 * A guardian withdraws the consent they gave, from the same link: the minor's pair is paused,
 * they leave their circle and room, matching waits for consent again, and staff see it in the
 * work queue. Every sentence of the page is checked against the rows.
 */
describe('a guardian withdraws consent', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  /** A 14-year-old's complete, confirmed profile, its guardian asked but not yet agreed. */
  const minorProfile = async (minor: Participant): Promise<string> => {
    const guardianToken = randomKey(16);
    await running.app.get(Transactor).run((tx) =>
      running.app.get(EnrolmentRepository).insert(
        {
          participantId: minor.id,
          programmeId: minor.programmeId,
          roleWanted: 'mentee',
          confirmToken: randomKey(16),
          confirmedAt: new Date(),
          profileCompletedAt: new Date(),
          age: 14,
          guardianEmail: `guardian.${minor.id.slice(0, 8)}@family.example`,
          guardianToken,
        },
        tx,
      ),
    );
    return guardianToken;
  };
  const profile = (id: string) => db.getRepository(ParticipantProfile).findOneByOrFail({ participantId: id });
  const statusOf = async (id: string) => (await db.getRepository(Pairing).findOneByOrFail({ id })).status;
  const leftAt = async (pairingId: string, participantId: string) =>
    (await db.getRepository(PairingMember).findOneByOrFail({ pairingId, participantId })).leftAt;
  const ready = async (id: string) => {
    const [person] = await running.app.get(ReadinessRepository).byIds([id]);
    return readiness(person.facts);
  };
  const withdrawnSignals = async (pairingId: string) =>
    (await running.app.get(AttentionService).queue({ pairingId }))
      .filter((i) => i.signal === 'consent_withdrawn')
      .map((i) => [i.pairingId, i.participantId, i.personName]);
  const text = (html: string) =>
    html
      .replace(/<[^<>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .replace(/&#39;/g, "'");

  it('pauses the pair, leaves the circle and room, holds matching, tells staff; GET changes nothing', async () => {
    const programs = running.app.get(ProgramsService);
    const youth = await programs.createProgramme(`Young Voices ${randomKey(3)}`, { consentAge: 16 });
    const w = await createPairingWorld(running.app, { programme: youth });
    const minor = w.mentee;
    const token = await minorProfile(minor);
    const lead = await programs.addParticipant(youth.id, {
      name: 'Lena Lead',
      email: `lena.${randomKey(4)}@example.org`,
      role: 'mentor',
    });
    const friend = await programs.addParticipant(youth.id, {
      name: 'Ada Friend',
      email: `ada.${randomKey(4)}@example.org`,
      role: 'mentee',
    });
    const circle = await programs.createCircle(youth, 'Evening Circle', [lead], [minor, friend]);
    const room = await programs.createRoom(youth, 'Getting into tech', 'getting into tech');
    await programs.joinRoom(room.id, minor);

    const link = `${running.httpUrl}/consent/${token}`;
    // Agreed by the link's POST; the page then offers the withdrawal, and says what it does.
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    const agreed = await fetch(link);
    expect(agreed.headers.get('content-security-policy')).toBe(CONFIRM_CSP);
    const page = await agreed.text();
    expect(page).toContain(`<form method="post" action="/consent/${token}/withdraw">`);
    expect(page).toContain('Withdraw my agreement');
    expect(text(page)).toContain(
      'If they are in a mentoring pair, it is paused and the programme team is told.',
    );
    expect((await profile(minor.id)).guardianConsentedAt).not.toBeNull();

    // A fetched withdrawal address (a mail scanner) changes nothing.
    const fetched = await fetch(`${link}/withdraw`);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-security-policy')).toBe(CONFIRM_CSP);
    expect(fetched.headers.get('cache-control')).toBe('no-store');
    expect(await fetched.text()).toContain('Withdraw my agreement');
    expect((await profile(minor.id)).guardianConsentedAt).not.toBeNull();
    expect(await statusOf(w.pairing.id)).toBe('active');
    expect(await leftAt(circle.id, minor.id)).toBeNull();
    expect(await withdrawnSignals(w.pairing.id)).toEqual([]);

    const res = await fetch(`${link}/withdraw`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(CONFIRM_CSP);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const said = text(await res.text());

    const after = await profile(minor.id);
    expect(after.guardianConsentedAt).toBeNull();
    expect(after.guardianConsentWithdrawnAt).not.toBeNull();
    // "Tom is no longer matched: they will not be matched with a mentor unless you agree again."
    expect(said).toContain(
      'Tom is no longer matched: they will not be matched with a mentor unless you agree again.',
    );
    expect(await ready(minor.id)).toEqual({ ready: false, reason: 'guardian-consent' });
    // "Their mentoring pair is paused": the staff pause, so their mail is held.
    expect(said).toContain('Their mentoring pair is paused');
    expect(await statusOf(w.pairing.id)).toBe('paused');
    // The pair's history says why it paused, and about whom.
    expect(
      await db.query(
        `SELECT action, note, participant_id, staff_id FROM pairing_actions WHERE pairing_id = $1`,
        [w.pairing.id],
      ),
    ).toEqual([
      { action: 'pause', note: 'A guardian withdrew consent', participant_id: minor.id, staff_id: null },
    ]);
    // "They have left the 2 groups they were in."
    expect(said).toContain('They have left the 2 groups they were in.');
    expect(await leftAt(circle.id, minor.id)).not.toBeNull();
    expect(await leftAt(room.id, minor.id)).not.toBeNull();
    expect(await leftAt(circle.id, friend.id)).toBeNull();
    expect(await statusOf(circle.id)).toBe('active');
    // "The programme team has been told": the work queue names the minor on the pair and the circle.
    expect(said).toContain('The programme team has been told and will be in touch.');
    expect(await withdrawnSignals(w.pairing.id)).toEqual([[w.pairing.id, minor.id, 'Tom Mentee']]);
    expect((await withdrawnSignals(circle.id)).map((s) => s[1])).toEqual([minor.id]);
    expect(await withdrawnSignals(room.id)).toEqual([]);
    // "This same link lets you agree again": its page asks again.
    expect(said).toContain('If you change your mind, this same link lets you agree again.');
    expect(await (await fetch(link)).text()).toContain('<button type="submit">I agree</button>');

    // Posted twice (a reload): the same page, nothing new.
    const again = text(await (await fetch(`${link}/withdraw`, { method: 'POST' })).text());
    expect(again).toBe(said);
    expect((await profile(minor.id)).guardianConsentWithdrawnAt).toEqual(after.guardianConsentWithdrawnAt);

    // Agreeing again clears the withdrawal and resumes nothing: staff decide.
    expect((await fetch(link, { method: 'POST' })).status).toBe(200);
    const consented = await profile(minor.id);
    expect(consented.guardianConsentedAt).not.toBeNull();
    expect(consented.guardianConsentWithdrawnAt).toBeNull();
    expect(await statusOf(w.pairing.id)).toBe('paused');
    expect(await leftAt(circle.id, minor.id)).not.toBeNull();
    expect(await withdrawnSignals(w.pairing.id)).toEqual([]);
    expect(await withdrawnSignals(circle.id)).toEqual([]);
  });

  it('claims only what is true: in no pair or group, nobody is said to be told', async () => {
    const programs = running.app.get(ProgramsService);
    const youth = await programs.createProgramme(`Young Voices ${randomKey(3)}`, { consentAge: 16 });
    const minor = await programs.addParticipant(youth.id, {
      name: 'Sam Young',
      email: `sam.${randomKey(4)}@example.org`,
      role: 'mentee',
    });
    const token = await minorProfile(minor);
    const link = `${running.httpUrl}/consent/${token}`;
    // Nothing agreed yet: nothing to withdraw, and the page still asks.
    const early = await fetch(`${link}/withdraw`, { method: 'POST' });
    expect(await early.text()).toContain('<button type="submit">I agree</button>');
    expect((await profile(minor.id)).guardianConsentWithdrawnAt).toBeNull();

    await fetch(link, { method: 'POST' });
    const said = text(await (await fetch(`${link}/withdraw`, { method: 'POST' })).text());
    expect(said).toContain('Sam will not be matched with a mentor unless you agree again.');
    expect(said).not.toContain('no longer matched');
    expect(said).not.toContain('paused');
    expect(said).not.toContain('left');
    expect(said).not.toContain('has been told');
    expect(await ready(minor.id)).toEqual({ ready: false, reason: 'guardian-consent' });
  });

  it('an unknown token is 404, on GET and POST', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await fetch(`${running.httpUrl}/consent/aaaaaaaaaaaaaaaaaaaaaaaaa/withdraw`, { method });
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(CONFIRM_CSP);
      expect(await res.text()).toContain('This link is not valid');
    }
  });
});
