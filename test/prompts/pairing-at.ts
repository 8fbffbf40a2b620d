import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Schedule } from '../../src/prompts/entities/schedule.entity';
import { ScheduleTickService } from '../../src/prompts/schedule/schedule-tick.service';
import { createPairingWorld, type PairingWorld } from '../factories/pairing.factory';
import type { FakeClock } from './fake-clock';

/**
 * A pairing (new, or `world`) whose next prompt is week `week`, item `item`, due on `day` at 09:00
 * local for the factory's members: Berlin 08:00Z, New York 14:00Z (the week of Tuesday 3 March 2026).
 */
export async function pairingAt(
  app: INestApplicationContext,
  clock: FakeClock,
  at: { week: number; item: number; day: string },
  world?: PairingWorld,
): Promise<PairingWorld> {
  clock.set('2026-03-01T12:00:00Z');
  const w = world ?? (await createPairingWorld(app));
  await app.get(ScheduleTickService).tick(clock.now());
  const rows = app.get(DataSource).getRepository(Schedule);
  const cursor = { week: at.week, item: at.item, weekStart: '2026-03-03' };
  await rows.update(
    { participantId: w.mentor.id, stream: 'prompt' },
    { ...cursor, nextRunAt: new Date(`${at.day}T08:00:00Z`) },
  );
  await rows.update(
    { participantId: w.mentee.id, stream: 'prompt' },
    { ...cursor, nextRunAt: new Date(`${at.day}T14:00:00Z`) },
  );
  return w;
}
