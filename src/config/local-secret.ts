import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Where development keeps its own random APP_SECRET (var/ is never committed). */
export const LOCAL_SECRET_FILE = 'var/app-secret';

function fresh(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A development machine's secret: made once at random, readable by its owner only, reused on
 * every start so unsubscribe links and sessions survive a restart. Never a value in the code.
 */
export function localSecret(file = LOCAL_SECRET_FILE): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    // 'wx': two processes starting at once keep the first one's secret, not a mix.
    writeFileSync(file, `${fresh()}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

let processSecret: string | undefined;

/** Tests: random for this process, shared by every app it starts, gone when it exits. */
export function processLocalSecret(): string {
  processSecret ??= fresh();
  return processSecret;
}
