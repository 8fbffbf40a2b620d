import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { connect } from 'node:net';
import { exited, killChild } from './children';

/**
 * The soak's own Redis: a `redis-server` child on a spare port that keeps nothing on disk, so a
 * restart loses every queue, as a crashed Redis without persistence would. Never the shared one.
 */
export class SoakRedis {
  private child?: ChildProcess;

  constructor(
    readonly port: number,
    private readonly logFile: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const log = openSync(this.logFile, 'a');
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', log, log] },
    );
    closeSync(log);
    await waitForPing(this.port, this.child);
  }

  /** SIGKILL: no shutdown, nothing saved (there is nothing to save anyway). */
  async kill(): Promise<void> {
    if (this.child) await killChild(this.child, 'SIGKILL');
    this.child = undefined;
  }
}

async function waitForPing(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
    if (await ping(port)) return;
    await Promise.race([new Promise((r) => setTimeout(r, 50)), exited(child)]);
  }
  throw new Error(`redis-server on port ${port} did not answer PING`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}
