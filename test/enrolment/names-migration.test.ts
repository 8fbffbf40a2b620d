import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NamesWithoutAddresses1797610000000 } from '../../migrations/1797610000000-NamesWithoutAddresses';
import type { RunningApp } from '../../src/bootstrap';
import { ConversationsService } from '../../src/conversations/conversations.service';
import { Thread } from '../../src/conversations/entities/thread.entity';
import { Transactor } from '../../src/database/transactor';
import { EnrolmentService } from '../../src/enrolment/enrolment.service';
import { OutboxService } from '../../src/outbound/outbox.service';
import { Participant } from '../../src/programs/entities/participant.entity';
import { ProgramsService } from '../../src/programs/programs.service';
import { PROMPT_LIBRARY } from '../../src/prompts/library/prompt-library';
import { PromptComposer } from '../../src/prompts/prompt.composer';
import { PromptIssuer } from '../../src/prompts/schedule/prompt-issuer';
import { TestEnv } from '../support/test-env';

jest.setTimeout(60_000);

/**
 * Names stored before join emails were cleaned: the migration takes the address out of them, so
 * the partner's next email names nobody by their address (and staff's own choices stay).
 */
describe('migration NamesWithoutAddresses', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
    db = running.app.get(DataSource);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('cleans joined names that are an address or its local part, and the threads named after them', async () => {
    const programs = running.app.get(ProgramsService);
    const tag = randomBytes(3).toString('hex');
    const programme = await programs.createProgramme(`Bridges ${tag}`, { joinEnabled: true });
    const mentor = await programs.addParticipant(programme.id, {
      name: 'Maria Mentor',
      email: `maria.${tag}@mentor-mail.example`,
      role: 'mentor',
    });
    // As the join address named people before: the display name as written, else the local part.
    const joined = (name: string, email: string) =>
      running.app
        .get(Transactor)
        .run((tx) =>
          running.app.get(EnrolmentService).enrol(tx, programme, { name, email, role: 'either' }, 'join'),
        );
    const ann = (await joined('ann.lee@gmail.com', 'ann@work.example')).participant;
    const cory = (await joined('cory.quinn', 'cory.quinn@people.example')).participant;
    const dana = (await joined('dana.vo', 'dana.vo@people.example')).participant;
    const eve = (await joined('Eve Park (eve.park@home.example)', 'eve@people.example')).participant;
    await db.getRepository(Participant).update(dana.id, { preferredName: 'Dana' });
    // Staff typed this one: the same as the local part, and theirs to choose.
    const sam = await programs.addParticipant(programme.id, {
      name: 'sam',
      email: `sam@${tag}.example`,
      role: 'mentee',
    });
    const pairing = await programs.createPairing(programme, mentor, [ann, cory, dana, eve, sam]);
    const thread = await running.app.get(Transactor).run(async (tx) => {
      const recorded = await running.app.get(ConversationsService).record(tx, {
        pairingId: pairing.id,
        authorId: cory.id,
        messageId: running.app.get(OutboxService).newMessageId(),
        subject: 'A message from cory.quinn',
        newText: 'Hello',
      });
      return recorded.thread;
    });

    const runner = db.createQueryRunner();
    try {
      await new NamesWithoutAddresses1797610000000().up(runner);
    } finally {
      await runner.release();
    }

    const names = async () =>
      Object.fromEntries(
        (await db.getRepository(Participant).findBy({ programmeId: programme.id })).map((p) => [
          p.email,
          p.name,
        ]),
      );
    expect(await names()).toEqual({
      [mentor.email]: 'Maria Mentor',
      'ann@work.example': 'Participant',
      'cory.quinn@people.example': 'Participant',
      'dana.vo@people.example': 'Dana',
      'eve@people.example': 'Eve Park',
      [sam.email]: 'sam',
    });
    expect(await db.getRepository(Thread).findOneByOrFail({ id: thread.id })).toMatchObject({
      subject: 'A message from Participant',
      normalizedSubject: 'a message from participant',
    });

    // The mentor's next prompt names them so.
    const now = new Date();
    const [delivery] = await running.app
      .get(Transactor)
      .run((tx) =>
        running.app
          .get(PromptIssuer)
          .issue(
            tx,
            { participantId: mentor.id, pairingId: pairing.id, email: mentor.email },
            { week: 1, item: 0 },
            PROMPT_LIBRARY.find((p) => p.kind === 'prompt')!.key,
            now,
          ),
      );
    const mail = await running.app.get(PromptComposer).compose(delivery);
    if ('skip' in mail) throw new Error(mail.skip);
    expect(mail.mail.text).toContain(
      'Who reads your reply: Participant & Participant & Dana & Eve Park & sam and your programme staff.',
    );
    for (const secret of ['ann.lee', 'gmail', 'cory.quinn', 'dana.vo', 'eve.park'])
      expect(`${mail.mail.text}${mail.mail.html}`).not.toContain(secret);

    // Run again: nothing left to change.
    const again = db.createQueryRunner();
    await new NamesWithoutAddresses1797610000000().up(again).finally(() => again.release());
    expect((await names())[mentor.email]).toBe('Maria Mentor');
  });
});
