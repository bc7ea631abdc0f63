import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a thread of their own. SQLite's automatic checkpoint runs inside the commit
 * that crosses the threshold, on the connection that committed — for the worker and the API, on
 * the event loop: it reads the WAL's frames back, writes each page into the database file and
 * syncs it — many of the process's I/O calls (bench/pipeline). Here a second connection, on a
 * thread, checkpoints whatever has been committed every `intervalMs` (PASSIVE: it never waits for
 * a writer or a reader), so that work runs on another core. The store's own connection keeps a much
 * higher automatic threshold as a backstop: if this thread falls behind or stops, the WAL still
 * stays bounded. Two processes on one file may each run one; a checkpoint already under way makes
 * the other's attempt return at once.
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

/** Backstop for the store's own connection: checkpoint inline only past this many WAL pages. */
export const BACKSTOP_PAGES = 4096;

// The thread's code: plain JavaScript (a worker cannot load TypeScript sources), given the path of
// better-sqlite3 so that it resolves the same module as the store.
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
db.pragma('cache_size = -256');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let timer;
function tick() {
  try {
    checkpoint.run();
  } catch (error) {
    // SQLITE_BUSY: another checkpoint (another process, the backstop) is under way; try next tick.
    // Anything else (I/O, a corrupt file) ends the thread: the store's connection, which meets the
    // same error on its own writes, checkpoints from then on.
    if (error.code !== 'SQLITE_BUSY' && error.code !== 'SQLITE_LOCKED') throw error;
  }
  timer = setTimeout(tick, workerData.intervalMs);
}
tick();
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  process.exit(0);
});
`;

export function startCheckpointer(file: string, options: { intervalMs?: number } = {}): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { file, driver, intervalMs: options.intervalMs ?? 50 },
    // A few statements and one small page cache: keep the thread's heap small.
    resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
  });
  // A thread that failed has ended; the backstop threshold keeps the WAL bounded without it.
  worker.on('error', () => undefined);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // After the listeners (adding one refs the thread again): a store left open keeps no process alive.
  worker.unref();
  return {
    async stop() {
      // Held open until the thread has closed its connection: closing is part of the caller's work.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
