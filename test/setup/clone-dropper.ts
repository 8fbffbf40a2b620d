import { Client } from 'pg';
import { adminUrl, RETIRED_SUFFIX, TEST_DB_PREFIX } from './databases';

/**
 * Drops the run's finished clones in Jest's parent process, while the workers go on testing.
 *
 * DROP DATABASE waits for a checkpoint: 0.3 to 3 s each on this machine, and drops issued together
 * still pass one at a time (24 with 12 at once took 33 s). Dropped in each file's afterAll, that
 * wait held the worker for every one of the 120-odd integration files; left all to the global
 * teardown it would be minutes of serial waiting at the end. A file now only renames its clone
 * (TestEnv.destroy, milliseconds) and this loop, started by the global setup, drops it.
 */
export class CloneDropper {
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private pass: Promise<void> = Promise.resolve();

  constructor(
    private readonly runId: string,
    private readonly everyMs = 250,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Lets the drop in progress finish; the global teardown drops what is left. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.dropRetired().finally(() => this.schedule());
    }, this.everyMs);
    // Never what keeps Jest's process alive.
    this.timer.unref();
  }

  private async dropRetired(): Promise<void> {
    const client = new Client({ connectionString: adminUrl('postgres') });
    try {
      await client.connect();
      const rows = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1 AND right(datname, $2) = $3`,
        [`${TEST_DB_PREFIX}${this.runId}%`, RETIRED_SUFFIX.length, RETIRED_SUFFIX],
      );
      for (const { datname } of rows.rows) {
        if (this.stopped) break;
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } catch (error) {
      // A failed pass leaves the clones for the next one or for the global teardown.
      process.stderr.write(`clone dropper: ${(error as Error).message}\n`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

let running: CloneDropper | undefined;

export function startDroppingClones(runId: string): void {
  running = new CloneDropper(runId);
  running.start();
}

export async function stopDroppingClones(): Promise<void> {
  await running?.stop();
  running = undefined;
}
