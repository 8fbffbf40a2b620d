import { DataSource } from 'typeorm';
import type { RunningApp } from '../../src/bootstrap';
import { ProgramsRepository } from '../../src/programs/programs.repository';
import { ProgramsService } from '../../src/programs/programs.service';
import { CLOCK } from '../../src/prompts/clock';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld } from '../factories/pairing.factory';
import { FakeClock } from '../prompts/fake-clock';
import { TestEnv } from '../support/test-env';

/**
 * The planned end's tick reads the pairings past their end, then ends each. A final "#continue"
 * can commit in between and move that pairing's end: it must not be ended anyway.
 */
describe('the planned end and a #continue committed during its tick', () => {
  let env: TestEnv;
  let running: RunningApp;
  let db: DataSource;
  const clock = new FakeClock(new Date('2026-04-01T12:00:00Z'));

  beforeAll(async () => {
    env = await TestEnv.create();
    running = await env.start({ SCHEDULE_TICK_MS: '3600000' }, [[CLOCK, clock]]);
    db = running.app.get(DataSource);
  });

  afterAll(async () => {
    await env.destroy();
  });

  it('leaves a pairing whose end moved after the tick read it', async () => {
    const programme = await running.app
      .get(ProgramsService)
      .createProgramme(`Spring Cohort ${Date.now()}`, { endsOn: '2026-04-30' });
    const world = await createPairingWorld(running.app, { programme });
    const programs = running.app.get(ProgramsRepository);
    // What the tick read: the pairing past its end. Then both said #continue: a new end in July.
    const read = await programs.endingBy('2026-05-15');
    expect(read.map((p) => p.id)).toContain(world.pairing.id);
    await programs.setPairingEndsOn(world.pairing.id, '2026-07-31');
    jest.spyOn(programs, 'endingBy').mockResolvedValueOnce(read);

    await running.app.get(ScheduleTickService).tick(clock.set('2026-05-01T00:30:00Z'));

    const [row] = (await db.query(`SELECT status, ends_on::text FROM pairings WHERE id = $1`, [
      world.pairing.id,
    ])) as { status: string; ends_on: string }[];
    expect(row).toEqual({ status: 'active', ends_on: '2026-07-31' });
  });
});
