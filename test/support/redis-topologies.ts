import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { waitFor } from './wait-for';

/** A port free on loopback right now (the OS picks it; released at once for the server to take). */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Throw-away Redis servers on loopback for one test file, with the machine's redis-server: never
 * the shared Redis, nothing saved to disk, every process stopped by `stop()`.
 */
export class RedisProcesses {
  private readonly dir = mkdtempSync(join(tmpdir(), 'mm-redis-'));
  private readonly children: ChildProcess[] = [];

  private async server(port: number, args: string[]): Promise<ChildProcess> {
    const child = spawn('redis-server', [...args, '--port', String(port), '--bind', '127.0.0.1'], {
      cwd: this.dir,
      stdio: 'ignore',
    });
    this.children.push(child);
    await waitFor(() => ping(port), 10_000, 20);
    return child;
  }

  /**
   * One server keeping nothing on disk, and a way to lose it: `crash()` SIGKILLs it and starts an
   * empty one on the same port, as a restart without persistence would.
   */
  async single(): Promise<{ port: number; crash: () => Promise<void> }> {
    const port = await freePort();
    const args = ['--save', '', '--appendonly', 'no'];
    let child = await this.server(port, args);
    const crash = async () => {
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      child = await this.server(port, args);
    };
    return { port, crash };
  }

  /** A primary and a Sentinel watching it as `name`; returns the Sentinel's port and the primary's. */
  async sentinel(name: string): Promise<{ sentinelPort: number; primaryPort: number }> {
    const primaryPort = await freePort();
    await this.server(primaryPort, ['--save', '', '--appendonly', 'no']);
    const sentinelPort = await freePort();
    // Sentinel rewrites its configuration file, so it gets one of its own.
    const conf = join(this.dir, `sentinel-${sentinelPort}.conf`);
    writeFileSync(conf, `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 1\n`);
    await this.server(sentinelPort, [conf, '--sentinel']);
    return { sentinelPort, primaryPort };
  }

  /** A Cluster of three primaries sharing the 16,384 slots; returns their ports once it serves. */
  async cluster(): Promise<number[]> {
    const ports = [await freePort(), await freePort(), await freePort()];
    for (const port of ports) {
      await this.server(port, [
        '--cluster-enabled',
        'yes',
        '--cluster-config-file',
        `nodes-${port}.conf`,
        '--save',
        '',
        '--appendonly',
        'no',
      ]);
    }
    const create = spawnSync(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        '0',
        '--cluster-yes',
      ],
      { encoding: 'utf8' },
    );
    if (create.status !== 0)
      throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    for (const port of ports) await waitFor(() => clusterOk(port), 15_000, 50);
    return ports;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.children.splice(0).map(async (child) => {
        // Ended already: exited, or killed by a signal (exitCode stays null then).
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        await exited;
      }),
    );
  }
}

async function withClient<T>(port: number, work: (redis: Redis) => Promise<T>): Promise<T | false> {
  const redis = new Redis({
    port,
    host: '127.0.0.1',
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await work(redis);
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const ping = (port: number) => withClient(port, async (r) => (await r.ping()) === 'PONG');
const clusterOk = (port: number) =>
  withClient(port, async (r) => String(await r.call('CLUSTER', 'INFO')).includes('cluster_state:ok'));

/** Every key on every node of a Cluster (test inspection only). */
export async function clusterKeys(ports: number[]): Promise<string[]> {
  const keys: string[][] = [];
  for (const port of ports) keys.push((await withClient(port, (r) => r.keys('*'))) || []);
  return keys.flat();
}

/** The slot a key hashes to, as the Cluster computes it. */
export async function keySlot(port: number, key: string): Promise<number> {
  const slot = await withClient(port, async (r) => Number(await r.call('CLUSTER', 'KEYSLOT', key)));
  if (slot === false) throw new Error('CLUSTER KEYSLOT failed');
  return slot;
}
