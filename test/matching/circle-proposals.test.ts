import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { matchCircles } from '../../src/cli/commands/match-circles.command';
import { SmtpListener } from '../../src/inbound/smtp/smtp-listener';
import { CircleProposalsService } from '../../src/matching/circle-proposals.service';
import { MatchProposal } from '../../src/matching/entities/match-proposal.entity';
import { MatchingService } from '../../src/matching/matching.service';
import { readiness } from '../../src/matching/readiness';
import { ReadinessRepository } from '../../src/matching/readiness.repository';
import { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { buildEmail } from '../factories/emails';
import { addProfiled } from '../factories/match-people';
import { BULK_LIMITS } from '../factories/pairing.factory';
import { readOutbox, toAddress } from '../support/outbox';
import { SmtpTestClient } from '../support/smtp-client';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';

jest.setTimeout(90_000);

/** Circles proposed by shared topic: what a proposal holds, accepting one into a working circle, refusals. */
describe('circle proposals', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let circles: CircleProposalsService;
  let programme: Programme;
  const p: Record<string, Participant> = {};

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start();
    db = running.app.get(DataSource);
    circles = running.app.get(CircleProposalsService);
    const programs = running.app.get(ProgramsService);
    programme = await programs.createProgramme('Circle Proposals', BULK_LIMITS);
    const add = async (name: string, role: 'mentor' | 'mentee', topics: string[], extra = {}) => {
      p[name] = await addProfiled(running.app, programme, role, { name, topics, ...extra });
    };
    await add('Lena', 'mentor', ['sales', 'law'], { capacity: 2 });
    await add('Omar', 'mentor', ['law']);
    for (const name of ['Ana', 'Ben', 'Cleo', 'Dana']) await add(name, 'mentee', ['sales']);
    await add('Sol', 'mentee', ['sales'], { languages: ['Spanish'] });
    await add('Stella', 'mentee', ['astronomy']);
    await add('Paz', 'mentee', ['sales']);
    // Paz is in a pair already; Dana only joined a topic room, which places nobody.
    await programs.createPairing(programme, p.Omar, [p.Paz]);
    const room = await programs.createRoom(programme, 'Sales talk', 'sales talk');
    await programs.joinRoom(room.id, p.Dana);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const ids = (names: string[]) => names.map((n) => p[n].id).sort();
  const stateOf = async (name: string) =>
    readiness((await running.app.get(ReadinessRepository).byIds([p[name].id]))[0].facts);

  it('proposes a circle of mentees who share a topic with a lead who covers it, and leaves the rest for one-to-one matching', async () => {
    const detail = await circles.propose(programme.id, 'cli');
    expect(detail.circles).toHaveLength(1);
    const [circle] = detail.circles;
    expect(circle.topic).toBe('sales');
    expect(circle.people.filter((x) => x.role === 'mentor').map((x) => x.participantId)).toEqual([p.Lena.id]);
    expect(
      circle.people
        .filter((x) => x.role === 'mentee')
        .map((x) => x.participantId)
        .sort(),
    ).toEqual(ids(['Ana', 'Ben', 'Cleo', 'Dana']));
    const left = new Map(detail.leftOut.map((l) => [l.name, l]));
    expect(left.get('Sol')?.reason).toBe('no-lead');
    expect(left.get('Stella')?.detail).toBe(
      'fewer than 3 waiting mentees list astronomy: left for one-to-one matching',
    );
    // Already paired: in no circle and not listed as left out either (not ready).
    expect(detail.circles.some((c) => c.people.some((x) => x.participantId === p.Paz.id))).toBe(false);
    expect(left.has('Paz')).toBe(false);
  });

  it('accepts a circle once through the circle service: a working circle, its people placed, the pair proposal replaced', async () => {
    const pairs = await running.app.get(MatchingService).propose(programme.id, 'cli');
    const [circle] = (await circles.propose(programme.id, 'cli')).circles;
    expect((await circles.accept(circle.id, undefined, 'staff:x')).pairProposalReplaced).toBe(true);
    expect(await db.getRepository(MatchProposal).findOneByOrFail({ id: pairs.proposal.id })).toMatchObject({
      status: 'superseded',
    });
    const again = await circles.accept(circle.id, 'Another name', 'staff:x');
    expect(again.created).toBe(false);
    const made = await db.getRepository(Pairing).findBy({ programmeId: programme.id, kind: 'circle' });
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ name: 'Sales circle', status: 'active', id: again.pairing.id });
    const members: { participant_id: string; role: string }[] = await db.query(
      `SELECT participant_id, role FROM pairing_members WHERE pairing_id = $1`,
      [made[0].id],
    );
    expect(
      members
        .filter((m) => m.role === 'mentee')
        .map((m) => m.participant_id)
        .sort(),
    ).toEqual(ids(['Ana', 'Ben', 'Cleo', 'Dana']));
    // Placed: members are in a circle, the lead has one place left of two.
    expect(await stateOf('Ana')).toEqual({ ready: false, reason: 'in-circle' });
    expect(await stateOf('Lena')).toEqual({ ready: true, sides: ['mentor'], freePlaces: 1 });
    const next = await circles.propose(programme.id, 'cli');
    expect(next.circles).toEqual([]);
    expect(next.leftOut.map((l) => l.name).sort()).toEqual(['Sol', 'Stella']);

    // The circle relays like a staff-made one: Ana's email reaches the other four, each alone in To.
    const email = buildEmail({
      from: p.Ana.email,
      to: made[0].relayAddress,
      subject: 'Hello circle',
      text: 'Marker circle-proposal-relay: hello everyone.',
    });
    await SmtpTestClient.sendOnce(running.app.get(SmtpListener).port!, {
      from: p.Ana.email,
      to: [made[0].relayAddress],
      raw: email.raw,
    });
    const copies = await waitFor(async () => {
      const out = (await readOutbox(env.outboxDir)).filter((m) =>
        (m.parsed.text ?? '').includes('circle-proposal-relay'),
      );
      return out.length >= 4 ? out : null;
    });
    expect(copies.map((c) => toAddress(c.parsed)).sort()).toEqual(
      [p.Lena, p.Ben, p.Cleo, p.Dana].map((x) => x.email).sort(),
    );
    for (const copy of copies) {
      expect(copy.raw.toLowerCase()).not.toContain(p.Ana.email);
      expect(copy.parsed.from?.text).toContain('via Sales circle');
    }
  });

  it('refuses a circle whose member was paired since, naming them, and discards one on request', async () => {
    const programs = running.app.get(ProgramsService);
    for (const name of ['Eve', 'Fay', 'Gus']) {
      p[name] = await addProfiled(running.app, programme, 'mentee', { name, topics: ['law'] });
    }
    const [circle] = (await circles.propose(programme.id, 'cli')).circles;
    expect(circle.topic).toBe('law');
    const lead = circle.people.find((x) => x.role === 'mentor')!;
    expect([p.Lena.id, p.Omar.id]).toContain(lead.participantId);
    const other = lead.participantId === p.Lena.id ? p.Omar : p.Lena;
    await programs.createPairing(programme, other, [p.Eve]);
    await expect(circles.accept(circle.id, 'Law', 'staff:x')).rejects.toThrow(
      'Circle not created: Eve is in a pair now. Propose circles again.',
    );
    await circles.discard(circle.id, 'staff:x');
    await expect(circles.accept(circle.id, 'Law', 'staff:x')).rejects.toThrow('This circle was discarded');
    expect(await db.getRepository(Pairing).countBy({ programmeId: programme.id, kind: 'circle' })).toBe(1);
  });

  it('proposes and creates circles from the command line', async () => {
    await addProfiled(running.app, programme, 'mentor', { name: 'Dev', topics: ['design'] });
    for (const name of ['Hal', 'Ivy', 'Jon'])
      await addProfiled(running.app, programme, 'mentee', { name, topics: ['design'] });
    const shown = await matchCircles(running.app, programme.slug, false);
    expect(shown).toEqual(
      expect.arrayContaining([
        '  design: led by Dev; members Hal, Ivy, Jon',
        `Not created. To create them all: npm run cli -- match --programme ${programme.slug} --circles --apply`,
      ]),
    );
    expect(
      await db.getRepository(Pairing).countBy({ programmeId: programme.id, name: 'Design circle' }),
    ).toBe(0);
    const applied = await matchCircles(running.app, programme.slug, true);
    const made = await db
      .getRepository(Pairing)
      .findOneByOrFail({ programmeId: programme.id, name: 'Design circle' });
    expect(applied).toContain(`Created Design circle: ${made.relayAddress}`);
  });
});
