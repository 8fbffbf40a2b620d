import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { MatchExclusion } from '../../src/matching/entities/match-exclusion.entity';
import { MatchProposal } from '../../src/matching/entities/match-proposal.entity';
import { MatchApplyService } from '../../src/matching/match-apply.service';
import { MatchingService } from '../../src/matching/matching.service';
import { readiness } from '../../src/matching/readiness';
import { ReadinessRepository } from '../../src/matching/readiness.repository';
import { PairingMember } from '../../src/programs/entities/pairing-member.entity';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { FakeClock } from '../prompts/fake-clock';
import { addProfiled } from '../factories/match-people';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(60_000);

/** Proposals for staff: readiness from the rows, review (swap, exclude, re-run) and applying them. */
describe('matching a programme for review', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let matching: MatchingService;
  let applier: MatchApplyService;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  let n = 0;
  const newProgramme = (extra: Partial<Programme> = {}) =>
    running.app.get(ProgramsService).createProgramme(`Match Review ${++n}`, extra);
  const membersOf = async (programmeId: string) =>
    db.query(
      `SELECT pm.participant_id, pm.role, pa.id AS pairing_id FROM pairing_members pm
         JOIN pairings pa ON pa.id = pm.pairing_id WHERE pa.programme_id = $1`,
      [programmeId],
    ) as Promise<{ participant_id: string; role: string; pairing_id: string }[]>;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api,worker', SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    matching = running.app.get(MatchingService);
    applier = running.app.get(MatchApplyService);
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('judges readiness from the rows: stage, guardian consent, and active or paused pairings against capacity', async () => {
    const programme = await newProgramme({ consentAge: 16 });
    const unconfirmed = await addProfiled(running.app, programme, 'mentee', { confirmedAt: null });
    const incomplete = await addProfiled(running.app, programme, 'mentee', { profileCompletedAt: null });
    const minor = await addProfiled(running.app, programme, 'mentee', { age: 14 });
    const consented = await addProfiled(running.app, programme, 'mentee', {
      age: 14,
      guardianConsentedAt: new Date(),
    });
    // Their ages are known: in a programme with a consent age, an unknown age waits for consent.
    const mentor = await addProfiled(running.app, programme, 'mentor', { capacity: 2, age: 40 });
    // A youth programme screens its mentors: this one's background check and training are recorded;
    // the second mentor's training is not, so the engine does not offer them.
    const unscreened = await addProfiled(running.app, programme, 'mentor', { capacity: 2, age: 45 });
    const screen = `UPDATE participants SET background_checked_at = now(), trained_at = $2 WHERE id = $1`;
    await running.app.get(DataSource).query(screen, [mentor.id, new Date()]);
    await running.app.get(DataSource).query(screen, [unscreened.id, null]);
    const paired = await addProfiled(running.app, programme, 'mentee', { age: 17 });
    const pairing = await running.app.get(ProgramsService).createPairing(programme, mentor, [paired]);
    await running.app.get(ProgramsService).setPairingStatus(pairing.id, 'paused');

    const states = new Map(
      (await running.app.get(ReadinessRepository).inProgramme(programme.id)).map((p) => [
        p.participant.id,
        readiness(p.facts),
      ]),
    );
    expect(states.get(unconfirmed.id)).toEqual({ ready: false, reason: 'unconfirmed' });
    expect(states.get(incomplete.id)).toEqual({ ready: false, reason: 'profile-incomplete' });
    expect(states.get(minor.id)).toEqual({ ready: false, reason: 'guardian-consent' });
    expect(states.get(consented.id)).toMatchObject({ ready: true, sides: ['mentee'] });
    expect(states.get(paired.id)).toEqual({ ready: false, reason: 'paired' }); // paused still counts
    expect(states.get(mentor.id)).toEqual({ ready: true, sides: ['mentor'], freePlaces: 1 });
    expect(states.get(unscreened.id)).toEqual({ ready: false, reason: 'screening' });

    // An ended pairing frees both.
    await running.app.get(ProgramsService).setPairingStatus(pairing.id, 'ended');
    const after = await running.app.get(ReadinessRepository).byIds([mentor.id, paired.id]);
    expect(after.map((p) => readiness(p.facts))).toEqual(
      expect.arrayContaining([
        { ready: true, sides: ['mentor'], freePlaces: 2 },
        { ready: true, sides: ['mentee'], freePlaces: 0 },
      ]),
    );

    const report = await matching.propose(programme.id, 'cli');
    expect(report.pairs.map((p) => [p.mentorId, p.menteeId].sort())).toEqual(
      expect.arrayContaining([[mentor.id, consented.id].sort(), [mentor.id, paired.id].sort()]),
    );
    expect(report.notReady).toEqual(
      expect.arrayContaining([
        { id: unconfirmed.id, reason: 'unconfirmed' },
        { id: incomplete.id, reason: 'profile-incomplete' },
        { id: minor.id, reason: 'guardian-consent' },
        { id: unscreened.id, reason: 'screening' },
      ]),
    );
    expect(report.pairs.some((p) => p.mentorId === unscreened.id)).toBe(false);
  });

  it('proposes with scores and explanations, lists who is left out and why, and puts "either" people where needed', async () => {
    const programme = await newProgramme();
    const mentor = await addProfiled(running.app, programme, 'mentor', {
      name: 'Rita Mentor',
      topics: ['leadership', 'negotiation'],
    });
    const menteeA = await addProfiled(running.app, programme, 'mentee', {
      name: 'Amy',
      topics: ['leadership'],
    });
    const menteeB = await addProfiled(running.app, programme, 'mentee', {
      name: 'Bo',
      topics: ['negotiation'],
    });
    const spanish = await addProfiled(running.app, programme, 'mentee', {
      name: 'Sol',
      languages: ['Spanish'],
    });
    const either = await addProfiled(running.app, programme, 'either', { name: 'Eli', capacity: 1 });

    const report = await matching.propose(programme.id, 'cli');
    // Three mentees and one place: Eli volunteers as a mentor.
    expect(report.mentors).toBe(2);
    expect(report.pairs).toHaveLength(2);
    const mentorsUsed = report.pairs.map((p) => p.mentorId).sort();
    expect(mentorsUsed).toEqual([mentor.id, either.id].sort());
    for (const pair of report.pairs) {
      expect(pair.score).toBeGreaterThan(0);
      expect(pair.explanation).toMatch(/both speak English/);
    }
    expect(report.unmatched).toEqual([
      expect.objectContaining({
        participantId: spanish.id,
        side: 'mentee',
        reason: 'no-feasible-mentor',
        name: 'Sol',
      }),
    ]);
    expect(report.unmatched[0].detail).toContain('no shared language');
    expect(report.proposal.totalScore).toBe(report.pairs.reduce((s, p) => s + p.score, 0));
    expect(report.proposal.greedyScore).toBeLessThanOrEqual(report.proposal.totalScore);
    expect([menteeA.id, menteeB.id]).toEqual(expect.arrayContaining(report.pairs.map((p) => p.menteeId)));

    // A re-run replaces the open proposal: one open per programme.
    const again = await matching.propose(programme.id, 'cli');
    const rows = await db.getRepository(MatchProposal).findBy({ programmeId: programme.id });
    expect(rows.map((r) => [r.id, r.status]).sort()).toEqual(
      [
        [report.proposal.id, 'superseded'],
        [again.proposal.id, 'open'],
      ].sort(),
    );
    await expect(applier.apply(report.proposal.id)).rejects.toThrow(/replaced by a newer one/);
  });

  it("swaps two mentees' mentors with new scores, and refuses a swap that breaks a hard rule, saying why", async () => {
    const programme = await newProgramme();
    const en = await addProfiled(running.app, programme, 'mentor', {
      name: 'Ann English',
      languages: ['English'],
    });
    const es = await addProfiled(running.app, programme, 'mentor', {
      name: 'Eva Bilingual',
      languages: ['Spanish', 'English'],
    });
    const enMentee = await addProfiled(running.app, programme, 'mentee', {
      name: 'Ed',
      languages: ['English'],
    });
    const bothMentee = await addProfiled(running.app, programme, 'mentee', {
      name: 'Bea',
      languages: ['English', 'Spanish'],
    });
    const esMentee = await addProfiled(running.app, programme, 'mentee', {
      name: 'Sal',
      languages: ['Spanish'],
    });
    await db.query(`UPDATE participant_profiles SET capacity = 2 WHERE participant_id = $1`, [es.id]);

    const report = await matching.propose(programme.id, 'cli');
    const mentorOf = (id: string) => report.pairs.find((p) => p.menteeId === id)?.mentorId;
    expect(mentorOf(esMentee.id)).toBe(es.id);
    expect(mentorOf(enMentee.id)).toBe(en.id);
    expect(mentorOf(bothMentee.id)).toBe(es.id);

    await expect(matching.swap(report.proposal.id, enMentee.id, esMentee.id)).rejects.toThrow(
      /Swap refused: Ann English with Sal: .*language/,
    );
    const swapped = await matching.swap(report.proposal.id, enMentee.id, bothMentee.id);
    expect(swapped.after).toBeGreaterThan(0);
    const detail = await matching.detail(report.proposal.id);
    expect(detail.pairs.find((p) => p.menteeId === enMentee.id)?.mentorId).toBe(es.id);
    expect(detail.pairs.find((p) => p.menteeId === bothMentee.id)?.mentorId).toBe(en.id);
    expect(detail.proposal.totalScore).toBe(detail.pairs.reduce((s, p) => s + p.score, 0));
  });

  it('excludes a pair for good and re-runs without it', async () => {
    const programme = await newProgramme();
    const m1 = await addProfiled(running.app, programme, 'mentor', { topics: ['leadership'] });
    const m2 = await addProfiled(running.app, programme, 'mentor', { topics: ['sales'] });
    const mentee = await addProfiled(running.app, programme, 'mentee', { topics: ['leadership'] });
    const first = await matching.propose(programme.id, 'cli');
    expect(first.pairs).toEqual([expect.objectContaining({ mentorId: m1.id, menteeId: mentee.id })]);
    const second = await matching.exclude(
      first.proposal.id,
      m1.id,
      mentee.id,
      'staff:coordinator@example.org',
    );
    expect(second.pairs).toEqual([expect.objectContaining({ mentorId: m2.id, menteeId: mentee.id })]);
    expect(
      await db.getRepository(MatchExclusion).countBy({ programmeId: programme.id, mentorId: m1.id }),
    ).toBe(1);
  });

  it('applies once: active pairings with relay addresses, sides set, both welcomed by the tick; twice at once creates each once', async () => {
    const programme = await newProgramme();
    const mentor = await addProfiled(running.app, programme, 'either', {
      name: 'Vera Volunteer',
      capacity: 2,
    });
    const a = await addProfiled(running.app, programme, 'mentee', { name: 'Ali' });
    const b = await addProfiled(running.app, programme, 'mentee', { name: 'Bex' });
    expect((await db.getRepository(Participant).findOneByOrFail({ id: mentor.id })).role).toBe('mentee');

    const report = await matching.propose(programme.id, 'staff:coordinator@example.org');
    expect(report.pairs).toHaveLength(2);
    const results = await Promise.all([applier.apply(report.proposal.id), applier.apply(report.proposal.id)]);
    expect(results.map((r) => r.created.length).sort()).toEqual([0, 2]);
    expect(results.filter((r) => r.alreadyApplied)).toHaveLength(1);
    expect((await applier.apply(report.proposal.id)).alreadyApplied).toBe(true);

    const pairings = await db.getRepository(Pairing).findBy({ programmeId: programme.id });
    expect(pairings).toHaveLength(2);
    for (const p of pairings) {
      expect(p.status).toBe('active');
      expect(p.relayAddress).toMatch(/^matchreview\d+-[a-z2-7]+@/);
    }
    const members = await membersOf(programme.id);
    expect(members.filter((m) => m.participant_id === mentor.id).map((m) => m.role)).toEqual([
      'mentor',
      'mentor',
    ]);
    expect((await db.getRepository(Participant).findOneByOrFail({ id: mentor.id })).role).toBe('mentor');
    const stored = await matching.detail(report.proposal.id);
    expect(stored.proposal.status).toBe('applied');
    expect(new Set(stored.pairs.map((p) => p.pairingId))).toEqual(new Set(pairings.map((p) => p.id)));

    // Now nobody is ready: a re-run proposes nothing, and nobody is paired twice.
    const rerun = await matching.propose(programme.id, 'cli');
    expect(rerun.pairs).toEqual([]);

    await running.app.get(ScheduleTickService).tick(clock.now());
    for (const person of [mentor, a, b]) {
      const email = (await db.getRepository(Participant).findOneByOrFail({ id: person.id })).email;
      const welcomes = await waitFor(async () => {
        const mails = (await readOutbox(env.outboxDir)).filter(
          (m) => toAddress(m.parsed) === email && /^Welcome to /.test(m.parsed.subject ?? ''),
        );
        return mails.length >= (person === mentor ? 2 : 1) ? mails : undefined;
      });
      expect(welcomes.length).toBe(person === mentor ? 2 : 1);
    }
    const ali = await waitFor(async () =>
      (await readOutbox(env.outboxDir)).find((m) => m.parsed.text?.includes('Welcome, Ali')),
    );
    expect(ali.parsed.subject).toBe(`Welcome to ${programme.name}: meet Vera`);
    expect(await db.getRepository(PairingMember).countBy({ participantId: a.id })).toBe(1);
  });

  it('skips, at apply time, a pair whose mentee was paired by hand since the proposal', async () => {
    const programme = await newProgramme();
    const mentor = await addProfiled(running.app, programme, 'mentor');
    const other = await addProfiled(running.app, programme, 'mentor', { topics: ['sales'] });
    const mentee = await addProfiled(running.app, programme, 'mentee');
    const report = await matching.propose(programme.id, 'cli');
    expect(report.pairs).toEqual([expect.objectContaining({ mentorId: mentor.id })]);
    await running.app.get(ProgramsService).createPairing(programme, other, [mentee]);
    const result = await applier.apply(report.proposal.id);
    expect(result.created).toEqual([]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ menteeId: mentee.id, reason: 'the mentee is no longer ready (paired)' }),
    ]);
    expect(await db.getRepository(PairingMember).countBy({ participantId: mentee.id })).toBe(1);
  });
});
