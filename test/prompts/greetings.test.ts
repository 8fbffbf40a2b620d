import type { RunningApp } from '../../src/bootstrap';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { readOutbox, toAddress } from '../support/outbox';
import { TestEnv } from '../support/test-env';
import { waitFor } from '../support/wait-for';
import { FakeClock } from './fake-clock';

// Real PostgreSQL, Redis and the file transport on a shared machine: more than Jest's 5 s default.
jest.setTimeout(60_000);

describe('greetings use the preferred first name', () => {
  let env: TestEnv;
  let running: RunningApp;
  const clock = new FakeClock(new Date('2026-03-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
  }, 60_000);

  afterAll(async () => {
    await env.destroy();
  }, 60_000);

  it('greets by the preferred name, else by the first word of the full name', async () => {
    const programs = running.app.get(ProgramsService);
    const programme = await programs.createProgramme('Greeting Trust');
    const mentor = await programs.addParticipant(programme.id, {
      name: 'Maria Mentor',
      email: 'maria@mentor-mail.example',
      role: 'mentor',
    });
    const mentee = await programs.addParticipant(programme.id, {
      name: 'Thomas Mentee',
      preferredName: '  Tommy ',
      about: 'Second year, wants to study robotics.',
      email: 'thomas@student-mail.example',
      role: 'mentee',
    });
    expect(mentee).toMatchObject({ preferredName: 'Tommy', about: 'Second year, wants to study robotics.' });
    await programs.createPairing(programme, mentor, [mentee]);
    const tick = running.app.get(ScheduleTickService);
    await tick.tick(clock.now());
    // Both in UTC: week 1 goes on Tuesday 3 March at 09:00.
    await tick.tick(clock.set('2026-03-03T09:00:05Z'));

    const weekOne = (address: string) =>
      waitFor(async () =>
        (await readOutbox(env.outboxDir)).find(
          (m) => toAddress(m.parsed) === address && /^Week 1:/.test(m.parsed.subject ?? ''),
        ),
      );
    expect((await weekOne(mentee.email)).parsed.text).toMatch(/^Hi Tommy,/m);
    const toMentor = (await weekOne(mentor.email)).parsed.text ?? '';
    expect(toMentor).toMatch(/^Hi Maria,/m);
    expect(toMentor).not.toContain('Hi Maria Mentor');
  });
});
