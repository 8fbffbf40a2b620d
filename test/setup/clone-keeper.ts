import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { adminUrl, READY_SUFFIX, RETIRED_SUFFIX, TEST_DB_PREFIX } from './databases';

/**
 * Keeps the run's clones moving in Jest's parent process, while the workers go on testing: it
 * drops finished clones and keeps a few fresh ones ready.
 *
 * DROP DATABASE waits for a checkpoint: 0.3 to 3 s each on this machine, and drops issued together
 * still pass one at a time (24 with 12 at once took 33 s). Dropped in each file's afterAll, that
 * wait held the worker for every one of the 120-odd integration files; left all to the global
 * teardown it would be minutes of serial waiting at the end. A file now only renames its clone
 * (TestEnv.destroy, milliseconds) and this drops it. Likewise a clone (0.3 to 1 s) is made here
 * ahead of time, and a file takes one by renaming it (claimReadyClone in databases.ts).
 *
 * It keeps one connection for the whole run: a pass every 100 ms on a new connection was some
 * 4,000 backends started in a run, at about 27 ms of CPU each (fork, authentication, catalog
 * caches) against 0.3 ms for its query on an open one.
 */
export class CloneKeeper {
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private pass: Promise<void> = Promise.resolve();
  private client?: Client;

  constructor(
    private readonly runId: string,
    private readonly template: string,
    /** Two workers take a clone each at about the same time. */
    private readonly ready = 2,
    private readonly everyMs = 100,
  ) {}

  start(): void {
    this.schedule();
  }

  /** Lets the statement in progress finish; the global teardown drops what is left. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.pass;
    await this.disconnect();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.pass = this.onePass().finally(() => this.schedule());
    }, this.everyMs);
    // Never what keeps Jest's process alive.
    this.timer.unref();
  }

  /** Fresh clones first (a worker may be waiting for one), then at most one drop. */
  private async onePass(): Promise<void> {
    try {
      const client = await this.connection();
      const names = (
        await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
          `${TEST_DB_PREFIX}${this.runId}%`,
        ])
      ).rows.map((r) => r.datname);
      const ready = names.filter((n) => n.endsWith(READY_SUFFIX)).length;
      for (let i = ready; i < this.ready && !this.stopped; i++) {
        const name = `${TEST_DB_PREFIX}${this.runId}_${randomBytes(4).toString('hex')}${READY_SUFFIX}`;
        await client.query(`CREATE DATABASE "${name}" TEMPLATE "${this.template}"`);
      }
      const retired = names.find((n) => n.endsWith(RETIRED_SUFFIX));
      if (retired && !this.stopped) await client.query(`DROP DATABASE IF EXISTS "${retired}" WITH (FORCE)`);
    } catch (error) {
      // A failed pass leaves its work to the next one, or to the global teardown; the next one
      // connects again, in case the connection is what failed.
      process.stderr.write(`clone keeper: ${(error as Error).message}\n`);
      await this.disconnect();
    }
  }

  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({ connectionString: adminUrl('postgres') });
    // A connection the server ends between passes: the next pass gets a new one.
    client.on('error', () => {
      if (this.client === client) this.client = undefined;
    });
    await client.connect();
    this.client = client;
    return client;
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

let running: CloneKeeper | undefined;

export function startCloneKeeper(runId: string, template: string): void {
  running = new CloneKeeper(runId, template);
  running.start();
}

export async function stopCloneKeeper(): Promise<void> {
  await running?.stop();
  running = undefined;
}
