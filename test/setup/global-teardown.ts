import { rmSync } from 'node:fs';
import { stopDroppingClones } from './clone-dropper';
import { dropRunDatabases } from './databases';

export default async function globalTeardown(): Promise<void> {
  await stopDroppingClones();
  if (process.env.MM_TEST_RUN_ID) await dropRunDatabases(process.env.MM_TEST_RUN_ID);
  if (process.env.MM_TEST_TEMPLATE_CACHE) rmSync(process.env.MM_TEST_TEMPLATE_CACHE, { force: true });
}
