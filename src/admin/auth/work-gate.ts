/** Thrown at once when the gate's queue is full: the caller answers "busy" instead of waiting. */
export class GateFull extends Error {
  constructor() {
    super('too many requests are waiting');
  }
}

/**
 * At most `concurrency` jobs at a time, at most `queue` more waiting, the rest refused at once.
 * argon2 runs on libuv's small thread pool (4 threads), which file and DNS work share: a burst
 * of logins must not hold all of it, nor pile up without limit.
 */
export class WorkGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly queue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.concurrency) {
      if (this.waiting.length >= this.queue) throw new GateFull();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await work();
    } finally {
      // The slot passes straight to the next waiter, so `running` never dips and lets a newcomer cut in.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
