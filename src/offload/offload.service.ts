import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import {
  type CrossedError,
  OFFLOAD_TASKS,
  type OffloadTask,
  RESTORE,
  reviveError,
  type TaskInput,
  type TaskOutput,
} from './offload-tasks';
import type { TaskMessage } from './offload-thread';

interface Pending {
  task: OffloadTask;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** A task ran past OFFLOAD_TASK_TIMEOUT_MS: its thread was stopped and replaced. */
export class OffloadTimeoutError extends Error {
  constructor(task: OffloadTask, ms: number) {
    super(`${task} took over ${ms} ms: its thread was stopped`);
    this.name = 'OffloadTimeoutError';
  }
}

/** The thread a task ran on failed or exited before answering; the task itself may be fine. */
export class OffloadThreadLostError extends Error {
  constructor(reason: string) {
    super(`offload thread lost: ${reason}`);
    this.name = 'OffloadThreadLostError';
  }
}

/**
 * Whether a call failed for its thread, not for its input: a thread stopped for another task's
 * overrun takes every call it held with it, so callers try these again.
 */
export function isOffloadFailure(error: unknown): boolean {
  return error instanceof OffloadTimeoutError || error instanceof OffloadThreadLostError;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

/**
 * Runs the CPU-heavy steps of relaying (see offload-tasks.ts) on `OFFLOAD_THREADS` worker
 * threads, so that the event loop, which carries every SMTP session, webhook, query and job of
 * the process, does only the I/O. A pilot runs every role in one process on a small machine:
 * parsing, reply extraction and MIME writing were over a third of that loop's time per email,
 * and the second core sat beside it. With 0 threads the same functions run inline.
 */
@Injectable()
export class OffloadService implements OnApplicationShutdown {
  private readonly logger = new Logger(OffloadService.name);
  private readonly threads: Thread[] = [];
  private nextId = 0;

  constructor(private readonly config: AppConfig) {}

  run<K extends OffloadTask>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>> {
    const size = this.config.env.OFFLOAD_THREADS;
    if (size === 0) return Promise.resolve().then(() => inline(task, input));
    const thread = this.leastBusy(size);
    const id = this.nextId++;
    const limit = this.config.env.OFFLOAD_TASK_TIMEOUT_MS;
    return new Promise<unknown>((resolve, reject) => {
      // One email must never stall the service: a task past its time is abandoned, its thread
      // stopped (the only way to stop running JavaScript) and the thread's other calls fail too,
      // for their jobs to retry on a fresh thread.
      const timer = setTimeout(() => this.stuck(thread, id, limit), limit).unref();
      thread.pending.set(id, { task, resolve, reject, timer });
      thread.worker.postMessage({ id, task, input } satisfies TaskMessage);
    }) as Promise<TaskOutput<K>>;
  }

  async onApplicationShutdown(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((t) => t.worker.terminate()));
  }

  private stuck(thread: Thread, id: number, limit: number): void {
    const call = thread.pending.get(id);
    if (!call) return;
    thread.pending.delete(id);
    call.reject(new OffloadTimeoutError(call.task, limit));
    this.logger.error(`offload task ${call.task} ran over ${limit} ms: stopping its thread`);
    // Out of the pool at once: a call made before the thread has exited must start a new one.
    const at = this.threads.indexOf(thread);
    if (at >= 0) this.threads.splice(at, 1);
    void thread.worker.terminate();
  }

  /** Threads start on first use: a process that never relays (the CLI, an API-only role) starts none. */
  private leastBusy(size: number): Thread {
    if (this.threads.length < size) {
      const idle = this.threads.find((t) => t.pending.size === 0);
      if (idle) return idle;
      return this.start();
    }
    return this.threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  private start(): Thread {
    const thread: Thread = { worker: spawn(), pending: new Map() };
    const { worker, pending } = thread;
    // Never what keeps a process alive: shutdown terminates them, and a CLI may never close.
    worker.unref();
    worker.on('message', ({ id, output, error }: { id: number; output?: unknown; error?: CrossedError }) => {
      const call = pending.get(id);
      if (!call) return;
      pending.delete(id);
      clearTimeout(call.timer);
      if (error) call.reject(reviveError(error));
      else call.resolve((RESTORE[call.task] as (v: unknown) => unknown)(output));
    });
    const lost = (why: Error) => {
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      for (const call of pending.values()) {
        clearTimeout(call.timer);
        call.reject(why);
      }
      pending.clear();
    };
    worker.on('error', (error) => {
      this.logger.error(`offload thread failed: ${error.message}`);
      lost(new OffloadThreadLostError(error.message));
    });
    worker.on('exit', (code) => lost(new OffloadThreadLostError(`exited (${code})`)));
    this.threads.push(thread);
    return thread;
  }
}

function inline<K extends OffloadTask>(task: K, input: TaskInput<K>): Promise<TaskOutput<K>> | TaskOutput<K> {
  return (OFFLOAD_TASKS[task] as (input: unknown) => Promise<TaskOutput<K>> | TaskOutput<K>)(input);
}

/** The thread's entry beside this file: compiled JavaScript, or TypeScript under ts-node (dev, tests, benches). */
function spawn(): Worker {
  const entry = join(__dirname, `offload-thread${extname(__filename)}`);
  if (entry.endsWith('.js')) return new Worker(entry);
  return new Worker(
    `require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(entry)});`,
    { eval: true },
  );
}
