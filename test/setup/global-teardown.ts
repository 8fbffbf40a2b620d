import { rmSync } from 'node:fs';
import { stopCloneKeeper } from './clone-keeper';
import { dropRunDatabases } from './databases';

export default async function globalTeardown(): Promise<void> {
  await stopCloneKeeper();
  if (process.env.MM_TEST_RUN_ID) await dropRunDatabases(process.env.MM_TEST_RUN_ID);
  if (process.env.MM_TEST_TEMPLATE_CACHE) rmSync(process.env.MM_TEST_TEMPLATE_CACHE, { force: true });
}
