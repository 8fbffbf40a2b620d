import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ConversationsService } from '../../src/conversations/conversations.service';
import { Transactor } from '../../src/database/transactor';
import { DigestComposer } from '../../src/digests/digest.composer';
import type { ComposedEmail, DeliveryComposer } from '../../src/outbound/delivery-composer';
import { Delivery } from '../../src/outbound/entities/delivery.entity';
import { OutboxService } from '../../src/outbound/outbox.service';
import type { Pairing } from '../../src/programs/entities/pairing.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { PairingPrompt } from '../../src/prompts/entities/pairing-prompt.entity';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { PairingPromptsRepository } from '../../src/prompts/pairing-prompts.repository';
import { VoteLinkService } from '../../src/prompts/polls/vote-link.service';
import { votePage } from '../../src/prompts/polls/vote-page';
import { PromptComposer } from '../../src/prompts/prompt.composer';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { WelcomeComposer } from '../../src/prompts/welcome/welcome.composer';
import { TestEnv } from '../support/test-env';
import { FakeClock } from './fake-clock';

jest.setTimeout(90_000);

/**
 * Circles on the schedule, with the fake clock and real PostgreSQL: the circle curriculum per
 * member at 09:00 in their own zone, the welcome, a poll that shows counts only, and the digest.
 * The app runs without the worker role, so deliveries stay queued and are composed here.
 */
describe('circle prompts, welcome, poll and digest', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let circle: Pairing;
  let lead: Participant;
  let members: Participant[];
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));
  const tick = (at: string) => running.app.get(ScheduleTickService).tick(new Date(at));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api', SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
    const programs = running.app.get(ProgramsService);
    const tag = randomBytes(3).toString('hex');
    const programme = await programs.createProgramme(`Circles ${tag}`);
    const person = (name: string, role: 'mentor' | 'mentee', timeZone: string) =>
      programs.addParticipant(programme.id, {
        name,
        email: `${name.split(' ')[0].toLowerCase()}.${tag}@home-mail.example`,
        role,
        timeZone,
      });
    lead = await person('Jordan Lead', 'mentor', 'Europe/Berlin');
    members = [
      await person('Ana Member', 'mentee', 'America/New_York'),
      await person('Kenji Member', 'mentee', 'Asia/Tokyo'),
      await person('Priya Member', 'mentee', 'Europe/London'),
    ];
    circle = await programs.createCircle(programme, 'Night owls', [lead], members);
  }, 90_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  const queued = (kind: 'prompt' | 'welcome', recipientId: string) =>
    db
      .getRepository(Delivery)
      .find({ where: { kind, recipientId, pairingId: circle.id }, order: { createdAt: 'ASC' } });

  async function compose(composer: DeliveryComposer, delivery: Delivery): Promise<ComposedEmail> {
    const out = await composer.compose(delivery);
    if ('skip' in out) throw new Error(`skipped: ${out.skip}`);
    return out;
  }
  const everyone = () => [lead, ...members];

  it("sends the circle's first prompt to each member at 09:00 in their own zone, from the circle's address", async () => {
    clock.set('2026-03-01T12:00:00Z');
    await tick('2026-03-01T12:00:00Z');
    const rows = await db.getRepository(Schedule).findBy({ pairingId: circle.id, stream: 'prompt' });
    const at = Object.fromEntries(rows.map((r) => [r.participantId, r.nextRunAt!.toISOString()]));
    expect(at).toEqual({
      [lead.id]: '2026-03-03T08:00:00.000Z', // 09:00 CET
      [members[0].id]: '2026-03-03T14:00:00.000Z', // 09:00 EST
      [members[1].id]: '2026-03-03T00:00:00.000Z', // 09:00 JST
      [members[2].id]: '2026-03-03T09:00:00.000Z', // 09:00 GMT
    });

    // Each tick sends exactly the members whose local 09:00 has come.
    expect((await tick('2026-03-03T00:00:30Z')).prompts.sent).toBe(1);
    expect((await tick('2026-03-03T08:00:30Z')).prompts.sent).toBe(1);
    expect((await tick('2026-03-03T09:00:30Z')).prompts.sent).toBe(1);
    expect((await tick('2026-03-03T13:59:00Z')).prompts.sent).toBe(0);
    expect((await tick('2026-03-03T14:00:30Z')).prompts.sent).toBe(1);

    const copies = await Promise.all(everyone().map(async (p) => (await queued('prompt', p.id))[0]));
    // One issued prompt and one thread for the whole circle.
    expect(new Set(copies.map((d) => d.sourceMessageId)).size).toBe(1);
    const issued = await db.getRepository(PairingPrompt).findBy({ pairingId: circle.id });
    expect(issued.map((p) => p.promptKey)).toEqual(['circle-introductions']);

    clock.set('2026-03-03T14:01:00Z');
    const mail = await compose(running.app.get(PromptComposer), copies[1]);
    expect(mail.mail.from).toEqual({ name: expect.any(String), address: circle.relayAddress });
    expect(mail.mail.to).toBe(members[0].email);
    expect(mail.mail.subject).toContain('Introductions round');
    expect(mail.mail.text).toContain('Welcome to Night owls!');
    expect(mail.mail.text).toContain('your answer goes to everyone in Night owls');
    for (const other of everyone().filter((p) => p.id !== members[0].id))
      expect(`${mail.mail.text}${mail.mail.html}`).not.toContain(other.email);
  });

  it('welcomes each member with the circle, how many read along and the leads, never an address', async () => {
    const [welcome] = await queued('welcome', members[1].id);
    expect(welcome).toBeDefined();
    const mail = await compose(running.app.get(WelcomeComposer), welcome);
    const text = mail.mail.text;
    expect(mail.mail.subject).toMatch(/^Welcome to Night owls, a circle in Circles [0-9a-f]{6}$/);
    expect(text).toContain('4 people are in the circle, you included. It is led by Jordan.');
    expect(text).toContain(circle.relayAddress);
    expect(text).toContain('"Introductions round"');
    for (const other of everyone().filter((p) => p.id !== members[1].id))
      expect(`${text}${mail.mail.html}`).not.toContain(other.email);
    const leadMail = await compose(running.app.get(WelcomeComposer), (await queued('welcome', lead.id))[0]);
    expect(leadMail.mail.text).toContain('4 people are in the circle, you included. You lead it.');
  });

  it("the circle's poll shows counts only, in the digest and on the vote page", async () => {
    // Week 4, item 1 is the pulse: everyone's cursor there, due now.
    await db.query(`UPDATE schedules SET next_run_at = NULL WHERE pairing_id <> $1`, [circle.id]);
    await db
      .getRepository(Schedule)
      .update(
        { pairingId: circle.id, stream: 'prompt' },
        { week: 4, item: 1, weekStart: '2026-03-24', nextRunAt: new Date('2026-03-27T00:00:00Z') },
      );
    clock.set('2026-03-27T12:00:00Z');
    expect((await tick('2026-03-27T00:00:10Z')).prompts.sent).toBe(4);
    const poll = await db
      .getRepository(PairingPrompt)
      .findOneByOrFail({ pairingId: circle.id, promptKey: 'circle-pulse' });
    const vote = (who: Participant, optionIndex: number) =>
      running.app.get(Transactor).run((tx) =>
        running.app.get(PairingPromptsRepository).upsertVote(
          {
            pairingPromptId: poll.id,
            participantId: who.id,
            optionIndex,
            comment: null,
            votedAt: clock.now(),
          },
          tx,
        ),
      );
    await vote(lead, 0);
    await vote(members[0], 1);

    const pollText = async (who: Participant) => {
      const text = (await digestOf(who)).mail.text;
      return text.slice(text.indexOf('Poll results'), text.indexOf('What comes next'));
    };
    // Two answers: the counts would tell Ana the lead's vote, so none are shown yet.
    expect(await pollText(members[0])).toContain(
      "The circle's counts appear once at least 3 people have answered.",
    );
    await vote(members[1], 0);
    const block = await pollText(members[0]);
    expect(block).toContain('Your answer: Needs a tweak');
    expect(block).toContain('In the circle (3 answers):');
    expect(block).toMatch(/Going well: 2\s+Needs a tweak: 1\s+Not working for me: 0/);
    // Nobody's vote but one's own, and nobody's name.
    for (const p of everyone()) expect(block).not.toContain(p.name.split(' ')[0]);
    expect(await pollText(members[2])).toContain('Your answer: none yet');

    // The poll email and the vote page promise the same.
    const [pollCopy] = (await queued('prompt', members[2].id)).filter(
      (d) => d.sourceMessageId === poll.messageRowId,
    );
    const pollMail = await compose(running.app.get(PromptComposer), pollCopy);
    expect(pollMail.mail.text).toContain(
      'Night owls sees only how many chose each answer, never who chose what',
    );
    const url = /https?:\/\/[^\s\]]+\/v\/[^\s\]]+/.exec(pollMail.mail.text)![0];
    const token = decodeURIComponent(new URL(url).pathname.split('/').pop()!);
    const page = votePage(await running.app.get(VoteLinkService).describe(token), '/v');
    expect(page.html).toContain('nobody in Night owls does');
    expect(page.html).not.toContain('Ana');
  });

  /** The digest as it would be sent now, built by the real composer from the database. */
  const digestOf = (who: Participant) =>
    compose(running.app.get(DigestComposer), {
      id: randomUUID(),
      kind: 'digest',
      pairingId: circle.id,
      recipientId: who.id,
      toAddress: who.email,
      messageId: `${randomUUID()}@relay.localhost`,
    } as Delivery);

  it("a member's digest: who wrote under which subject, the prompt and who answered, what comes next", async () => {
    const intro = await db
      .getRepository(PairingPrompt)
      .findOneByOrFail({ pairingId: circle.id, promptKey: 'circle-introductions' });
    // The intro went out on 3 March; this digest's week is the one before 6 March.
    await db.query(`UPDATE pairing_prompts SET issued_at = '2026-03-03T08:00:00Z' WHERE id = $1`, [intro.id]);
    await db.query(
      `UPDATE pairing_prompts SET issued_at = '2026-02-01T00:00:00Z' WHERE pairing_id = $1 AND id <> $2`,
      [circle.id, intro.id],
    );
    const conversations = running.app.get(ConversationsService);
    const outbox = running.app.get(OutboxService);
    // One transaction per email, as the relay writes them: each its own time.
    const write = (author: Participant, subject: string, threadId?: string) =>
      running.app.get(Transactor).run((tx) =>
        conversations.record(tx, {
          pairingId: circle.id,
          kind: 'relay',
          authorId: author.id,
          messageId: outbox.newMessageId(),
          subject,
          newText: 'Hello circle',
          threadId,
        }),
      );
    await write(lead, 'Re: Week 1: Introductions round', intro.threadId);
    await write(members[0], 'Re: Week 1: Introductions round', intro.threadId);
    await write(members[0], 'Re: Week 1: Introductions round', intro.threadId);
    await write(members[2], 'Anyone tried a bootcamp?');
    await db
      .getRepository(Schedule)
      .update(
        { participantId: members[1].id, stream: 'prompt' },
        { week: 2, item: 0, weekStart: '2026-03-10', nextRunAt: new Date('2026-03-10T00:00:00Z') },
      );
    clock.set('2026-03-06T12:00:00Z');
    const mail = await digestOf(members[1]);
    const text = mail.mail.text;
    expect(mail.mail.subject).toBe('Week 1 in Night owls');
    expect(text).toMatch(/Week 1: Introductions round\s+Ana and Jordan · 3 messages/);
    expect(text).toMatch(/Anyone tried a bootcamp\?\s+Priya · 1 message\b/);
    expect(text).toContain('Answered by 2 of 4: Jordan and Ana. Your answer is still welcome');
    expect(text).toContain('Our shared goals board arrives Tuesday, March 10 at 09:00 AM, your time.');
    expect(text).toContain('your reply goes to everyone in Night owls');
    for (const p of everyone()) expect(`${text}${mail.mail.html}`).not.toContain(p.email);
  });
});
