// Group commit: batches that arrive from several sub-centres in the same turn of the event loop are
// applied in ONE transaction (each in its own savepoint), so one fsync makes all of them durable before
// any of them is acknowledged. Under load this divides the commit cost by the number of busy links;
// when the feed is quiet a batch waits for one setImmediate at most.
import type { Store } from '../store/index.ts';

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class GroupCommitter {
  private jobs: Job[] = [];
  private scheduled = false;

  constructor(private readonly store: Store) {}

  /** Runs `work` inside the next group transaction; resolves after that transaction has committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const jobs = this.jobs;
    this.jobs = [];
    if (jobs.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    try {
      this.store.write(() => {
        for (const job of jobs) {
          // A job that throws rolls back its own savepoint only; the others still commit.
          try {
            outcomes.push({ ok: true, value: job.work() });
          } catch (err) {
            outcomes.push({ ok: false, err });
            // SQLite itself rolled the WHOLE transaction back (SQLITE_FULL, SQLITE_IOERR…): the jobs after
            // this one would run in autocommit mode, each statement on its own, and the final COMMIT
            // would fail with "no transaction is active". Stop here: the group fails as one (issue 8).
            if (!this.store.db.inTransaction) throw err;
          }
        }
      });
    } catch (err) {
      // The commit itself failed (disk full, I/O error): nothing of the group is durable, nothing is acked.
      for (const job of jobs) job.reject(err);
      return;
    }
    jobs.forEach((job, i) => {
      const o = outcomes[i]!;
      if (o.ok) job.resolve(o.value);
      else job.reject(o.err);
    });
  }
}
