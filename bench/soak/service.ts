import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import { killChild } from './children';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
// Both start-up paths end with this line (bootstrap.ts): HTTP bound, or the context initialised.
// The boot line in either log format: JSON (`"context":"MentorMail","msg":"started (roles: ...`,
// the default) or pretty (`[MentorMail] started (roles: ...`).
const READY = /(?:\[MentorMail\] |"context":"MentorMail","msg":")(?:HTTP listening on \S+|started) \(roles: /;

/**
 * One `node dist/src/main.js` process, as `npm start` runs it, with its output appended to a log
 * file. An exit the soak did not ask for is remembered and fails the run.
 */
export class ServiceProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private expectingExit = false;
  readonly unexpectedExits: string[] = [];
  starts = 0;
  /** CPU time of every run of this process so far, counted when each stops. */
  cpuSeconds = 0;

  constructor(
    readonly name: string,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the process and resolves once it says it is up. */
  start(timeoutMs = 120_000): Promise<void> {
    this.starts++;
    this.expectingExit = false;
    this.log ??= createWriteStream(this.logFile, { flags: 'a' });
    this.log.write(`\n==== start ${this.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.pipe(this.log, { end: false });
    child.stderr!.pipe(this.log, { end: false });
    child.once('exit', (code, signal) => {
      this.log?.write(`==== exit code ${code} signal ${signal}\n`);
      if (!this.expectingExit)
        this.unexpectedExits.push(`${this.name} exited (code ${code}, signal ${signal})`);
    });
    return new Promise((resolvePromise, reject) => {
      let seen = '';
      const timer = setTimeout(() => done(new Error(`${this.name} not up after ${timeoutMs} ms`)), timeoutMs);
      const onData = (chunk: Buffer) => {
        seen = (seen + chunk.toString()).slice(-4096);
        if (READY.test(seen)) done();
      };
      const onExit = () => done(new Error(`${this.name} exited while starting (see ${this.logFile})`));
      const done = (error?: Error) => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolvePromise();
      };
      child.stdout!.on('data', onData);
      child.once('exit', onExit);
    });
  }

  /** SIGKILL (a crash: no shutdown hook runs) or SIGTERM (an orderly stop). */
  async stop(signal: NodeJS.Signals): Promise<void> {
    this.expectingExit = true;
    if (this.child) {
      this.cpuSeconds += cpuSecondsOf(this.child.pid);
      await killChild(this.child, signal);
    }
    this.child = undefined;
  }

  closeLog(): void {
    this.log?.end();
  }
}

/** User plus system CPU time of a running process, from Linux's /proc (0 elsewhere). */
function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
