/**
 * Turns concurrent single-row calls into one set-based call. A batch leaves at the end of the
 * turn of the event loop in which its first call arrived (setImmediate), taking every call made
 * in that turn; calls that arrive while `maxInFlight` batches are running wait and leave together
 * when one returns. So an idle worker waits only for the turn to end, and a burst (a worker that
 * starts sixteen sends at once, or the continuations of one batch's callers, which all resume in
 * the same turn) makes one round trip instead of one for its first call and one for the rest: on
 * a loaded host each round trip costs far more (a context switch to PostgreSQL and back, and a
 * commit there) than the row it carries.
 */
export class Coalescer<I, O> {
  private pending: { input: I; resolve: (out: O) => void; reject: (error: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  /** `run` gets the inputs of one batch and returns one output per input, in the same order. */
  constructor(
    private readonly run: (inputs: I[]) => Promise<O[]>,
    private readonly maxInFlight = 1,
    private readonly maxBatch = 64,
  ) {}

  call(input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.inFlight < this.maxInFlight && this.pending.length > 0) {
      const batch = this.pending.splice(0, this.maxBatch);
      this.inFlight++;
      // A failed batch fails each of its callers, as the single statements would have.
      void this.runBatch(batch.map((b) => b.input)).then(
        (outs) => {
          this.inFlight--;
          batch.forEach((b, i) => b.resolve(outs[i]));
          this.schedule();
        },
        (error: unknown) => {
          this.inFlight--;
          for (const b of batch) b.reject(error);
          this.schedule();
        },
      );
    }
  }

  private async runBatch(inputs: I[]): Promise<O[]> {
    const outs = await this.run(inputs);
    if (outs.length !== inputs.length) throw new Error(`batch returned ${outs.length} of ${inputs.length}`);
    return outs;
  }
}
