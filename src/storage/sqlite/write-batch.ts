import type { Clock } from '../../lib/clock.js';
import type { Db } from './database.js';

/** Largest number of writes committed by one transaction. */
const MAX_BATCH = 512;
/** How long a batch keeps retrying while another process holds the write lock. */
const BUSY_DEADLINE_MS = 5000;

export interface WriteOptions {
  /**
   * What this write records is redone, idempotently, if it is lost: a worker's checkpoints, leases
   * and stage effects (the job runs again from its previous checkpoint). A commit of such writes
   * alone does not wait for the disk (synchronous=NORMAL: safe when the process dies, not when the
   * power fails); one other write in the batch makes the commit wait (FULL), and that sync covers
   * every commit before it — the WAL is only ever lost from its end.
   */
  redoable?: boolean;
}

export interface WriteBatch {
  /** Runs `work` inside the next batch transaction; settles after that transaction commits. */
  run<T>(work: (now: number) => T, options?: WriteOptions): Promise<T>;
}

interface Pending {
  redoable: boolean;
  work: (now: number) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit for every write of one connection. Writes requested while the event loop is busy
 * (intake submissions, stage checkpoints, claims) run together in one IMMEDIATE transaction — one
 * fsync — at the next turn, each inside its own savepoint, so one failing write (a lost lease, a
 * constraint) rolls back alone. No promise settles before the commit: a 2xx built on it is durable.
 *
 * When another process holds the write lock, the batch is retried from a timer instead of letting
 * SQLite's busy handler sleep on the event loop (the connection's busy_timeout is 0): requests keep
 * arriving meanwhile and simply join the next attempt.
 */
export function createWriteBatch(db: Db, clock: Clock, synchronous: 'FULL' | 'NORMAL' = 'FULL'): WriteBatch {
  const isolated = db.transaction((work: (now: number) => unknown, now: number) => work(now));
  const commit = db.transaction((items: Pending[], now: number) =>
    items.map((item) => {
      try {
        return { ok: true as const, value: isolated(item.work, now) };
      } catch (error) {
        // An error that rolled back the whole transaction (disk full, I/O) fails the batch: the
        // writes after it must not run outside it, each committing on its own.
        if (!db.inTransaction) throw error;
        return { ok: false as const, error };
      }
    }),
  );

  let pending: Pending[] = [];
  let scheduled = false;
  let busySince: number | undefined;
  let mode = synchronous;
  /** Waits for the disk (FULL) only when the connection is FULL and a write in `items` needs it. */
  function syncFor(items: Pending[]): void {
    const wanted = synchronous === 'FULL' && items.some((item) => !item.redoable) ? 'FULL' : 'NORMAL';
    if (wanted === mode) return;
    db.pragma(`synchronous = ${wanted}`);
    mode = wanted;
  }

  function flush(): void {
    scheduled = false;
    const items = pending.length > MAX_BATCH ? pending.splice(0, MAX_BATCH) : pending;
    if (items === pending) pending = [];
    let outcomes: ReturnType<typeof commit>;
    try {
      syncFor(items);
      outcomes = commit.immediate(items, clock.now());
    } catch (error) {
      const waited = Date.now() - (busySince ??= Date.now());
      if ((error as { code?: string }).code === 'SQLITE_BUSY' && waited < BUSY_DEADLINE_MS) {
        pending = items.concat(pending);
        scheduled = true;
        setTimeout(flush, 1);
        return;
      }
      busySince = undefined;
      for (const item of items) item.reject(error);
      if (pending.length > 0) schedule();
      return;
    }
    busySince = undefined;
    if (pending.length > 0) schedule();
    outcomes.forEach((o, i) => (o.ok ? items[i]!.resolve(o.value) : items[i]!.reject(o.error)));
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  }

  return {
    run<T>(work: (now: number) => T, options: WriteOptions = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        pending.push({ redoable: options.redoable === true, work, resolve: resolve as (value: unknown) => void, reject });
        schedule();
      });
    },
  };
}
