import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ChoiceService } from '../../src/choice/choice.service';
import { MatchRequest } from '../../src/choice/entities/match-request.entity';
import { PairingMember } from '../../src/programs/entities/pairing-member.entity';
import type { Participant } from '../../src/programs/entities/participant.entity';
import type { Programme } from '../../src/programs/entities/programme.entity';
import { choiceProgramme, readyPerson } from '../factories/choice-people';
import { TestEnv } from '../support/test-env';
import { ChoiceMailbox } from './choice-world';

jest.setTimeout(60_000);

/**
 * A choosing programme that screens mentors suggests only mentors whose background check and
 * training are recorded; a mentor whose record is cleared after being asked is, on their yes,
 * told why they are not paired, and the mentee only that this mentor cannot take them on.
 */
describe('choice of mentor where the programme screens mentors', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  let mail: ChoiceMailbox;
  let programme: Programme;
  let rita: Participant;
  let tom: Participant;
  let uma: Participant;
  let ann: Participant;

  const screen = (p: Participant) =>
    db.query(`UPDATE participants SET background_checked_at = now(), trained_at = now() WHERE id = $1`, [
      p.id,
    ]);

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' });
    db = running.app.get(DataSource);
    mail = new ChoiceMailbox(running, env.outboxDir);
    const app = running.app;
    programme = await choiceProgramme(app, 'Design Futures', { screeningRequired: true });
    const mentor = (name: string) =>
      readyPerson(app, programme, { name, role: 'mentor', capacity: 1, topics: ['design', 'careers'] });
    rita = await mentor('Rita Lopez');
    tom = await mentor('Tom Berg');
    uma = await mentor('Uma Unchecked');
    await screen(rita);
    await screen(tom);
    ann = await readyPerson(app, programme, {
      name: 'Ann Ode',
      role: 'mentee',
      topics: ['design', 'careers'],
    });
    await app.get(ChoiceService).run();
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('suggests only screened mentors', async () => {
    const suggestions = await mail.next(ann, /^Mentors for you to choose from$/);
    expect(suggestions.parsed.text).toMatch(/Rita/);
    expect(suggestions.parsed.text).toMatch(/Tom/);
    expect(suggestions.parsed.text).not.toMatch(/Uma/);
    expect(await db.getRepository(MatchRequest).countBy({ mentorId: uma.id })).toBe(0);
  });

  it("a mentor cleared after being asked is told why on their yes; the mentee's next choice is asked", async () => {
    const suggestions = await mail.next(ann, /^Mentors for you to choose from$/);
    const first = /1\. (Rita|Tom)/.exec(suggestions.parsed.text!)![1];
    const [asked, next] = first === 'Rita' ? [rita, tom] : [tom, rita];
    expect((await mail.reply(ann, suggestions, { text: '1' })).detail).toBe('choice: picked 1');
    const request = await mail.next(asked, /^Ann would like you as their mentor$/);

    await db.query(`UPDATE participants SET trained_at = NULL, screening_cleared_at = now() WHERE id = $1`, [
      asked.id,
    ]);
    const row = await mail.reply(asked, request, { text: 'Yes, gladly!' });
    expect(row.detail).toBe('choice: yes, but screening not recorded');
    expect(await db.getRepository(PairingMember).countBy({ participantId: asked.id })).toBe(0);
    const told = await mail.next(asked, /^You are not paired with Ann yet$/);
    expect(told.parsed.text).toContain(
      'once it has recorded their background check and safeguarding training',
    );

    const update = await mail.next(ann, new RegExp(`^I have asked ${next.name.split(' ')[0]} for you$`));
    expect(update.parsed.text).toContain(`${first} cannot take on a mentee right now`);
    expect(`${update.parsed.text}`).not.toMatch(/background|training|screen/i);
    expect(
      await db.getRepository(MatchRequest).findOneByOrFail({ menteeId: ann.id, mentorId: next.id }),
    ).toMatchObject({
      status: 'asked',
    });
  });
});
