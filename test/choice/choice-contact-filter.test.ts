import { randomUUID } from 'node:crypto';
import type { RunningApp } from '../../src/bootstrap';
import { ChoiceMail } from '../../src/choice/choice-mail';
import type { ChoicePerson } from '../../src/choice/choice.repository';
import type { MatchRequest } from '../../src/choice/entities/match-request.entity';
import { Transactor } from '../../src/database/transactor';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import { TestEnv } from '../support/test-env';

const BIO = 'Year 9, builds robots. Snap me @zoe_q or text 07700 900123.';

/**
 * A choice request shows a mentor the mentee's own words before anyone is paired, outside the
 * moderation queue. Where the programme's contact filter is on (a youth programme), what it would
 * hold in a message is cut from those words; elsewhere they are shown as written.
 */
describe("a choice request's view of the mentee, with the contact filter", () => {
  let env: TestEnv;
  let running: RunningApp;

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ ROLES: 'api' });
  });

  afterAll(async () => {
    await env.destroy();
  });

  async function requestBio(programme: Programme): Promise<string> {
    const app = running.app;
    const mentee = await readyPerson(app, programme, { name: 'Zoe Quinn', role: 'mentee', topics: [] });
    const mentor = await readyPerson(app, programme, { name: 'Rita Lopez', role: 'mentor', topics: [] });
    const person = {
      participant: mentee,
      profile: { bio: BIO, goals: [], topics: [] },
    } as unknown as ChoicePerson;
    const row = { id: randomUUID(), explanation: 'shared topics', expiresAt: new Date() } as MatchRequest;
    const [delivery] = await app
      .get(Transactor)
      .run((tx) => app.get(ChoiceMail).request(tx, programme, row, mentor, person, `filter:${row.id}`));
    return (delivery.payload as { input: { props: { bio: string } } }).input.props.bio;
  }

  it('cuts contact details from the bio in a youth programme', async () => {
    const bio = await requestBio(await choiceProgramme(running.app, 'Youth', { consentAge: 16 }));
    expect(bio).toContain('Year 9, builds robots.');
    expect(bio).not.toMatch(/zoe_q|07700/);
  });

  it('shows the bio as written where the filter is off', async () => {
    expect(await requestBio(await choiceProgramme(running.app, 'Adults'))).toBe(BIO);
  });
});
