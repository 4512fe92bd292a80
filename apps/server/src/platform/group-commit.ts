import type { Db, Tx } from '../db/client';

/**
 * A group commit (decision 0027): the writes of requests that arrive while a transaction is being written are
 * gathered and written together in the next, with multi-row statements, so a peak of submits pays for a few
 * statements and one commit per batch instead of per person (issue 21's figure 5).
 *
 * A batch is one transaction: all its writes land or none does. When a batch fails for any reason (one
 * person's unique violation, a file claimed meanwhile, the database dropping), it is rolled back whole and each
 * of its writes is then tried alone, in a transaction of its own (`writeOne`): a person's write lands or fails
 * with that person's own error, exactly as without the batching, and nobody's write is lost to a neighbour's.
 */
export class GroupCommit<W, R> {
  private pending: Array<{ work: W; resolve: (r: R) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly db: Db,
    /** Writes the batch in `tx` and returns each work's result, in the order given. */
    private readonly writeMany: (tx: Tx, works: W[]) => Promise<R[]>,
    /** Writes one work in a transaction of its own (the fallback, with the work's own errors). */
    private readonly writeOne: (work: W) => Promise<R>,
    private readonly options: { maxBatch: number; maxInFlight: number } = { maxBatch: 64, maxInFlight: 2 },
  ) {}

  write(work: W): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ work, resolve, reject });
      this.schedule();
    });
  }

  /** The writes of one turn of the event loop go together (the arrivals of that moment). */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight || !this.pending.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.inFlight >= this.options.maxInFlight || !this.pending.length) return;
    const batch = this.pending.splice(0, this.options.maxBatch);
    this.inFlight++;
    try {
      if (batch.length === 1) {
        await this.writeOne(batch[0]!.work).then(batch[0]!.resolve, batch[0]!.reject);
        return;
      }
      let results: R[] | undefined;
      try {
        results = await this.db.transaction((tx) => this.writeMany(tx, batch.map((b) => b.work)));
      } catch {
        // Rolled back whole: each alone, with its own outcome (at once, not one after another).
        await Promise.all(batch.map((b) => this.writeOne(b.work).then(b.resolve, b.reject)));
        return;
      }
      batch.forEach((b, i) => b.resolve(results[i]!));
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
