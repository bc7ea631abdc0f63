import type { Config } from '../src/config/loader.js';
import { buildApp, type App } from '../src/http/app.js';
import { systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/observability/logger.js';
import { createMetrics } from '../src/observability/metrics.js';
import { buildStages, pipelineStages } from '../src/pipeline/stages/index.js';
import { createWorker, type Worker } from '../src/pipeline/worker.js';
import { tempStore, testConfig, type TestStore } from './helpers.js';

/** The API and a worker with the real stages on one fresh database, as `leadwire start` wires them. */
export interface Pipeline {
  app: App;
  db: TestStore;
  worker: Worker;
  /** Resolves once no job is due, scheduled or leased: synchronised on the worker's reports. */
  drained(): Promise<void>;
  close(): Promise<void>;
}

export async function startPipeline(config: Config = testConfig()): Promise<Pipeline> {
  const db = tempStore();
  let settled: (() => void) | undefined;
  const worker = createWorker({
    queue: db.store,
    stages: buildStages(pipelineStages({ config, ledger: db.store, routing: db.store })),
    worker: { ...config.worker, concurrency: 8 },
    retry: config.retry,
    clock: systemClock,
    log: { info() {}, warn() {}, error() {}, debug() {} },
    observer: { job: () => settled?.() },
  });
  const app = await buildApp({
    config,
    store: db.store,
    clock: systemClock,
    logger: createLogger('silent'),
    metrics: createMetrics(() => db.store.stats()),
    onLeadAccepted: () => worker.wake(),
  });
  worker.start();

  async function drained(): Promise<void> {
    for (;;) {
      const s = await db.store.stats();
      if (s.due + s.scheduled + s.leased === 0) return;
      // Wake on the worker's next report; re-check at least every 50 ms in case it came just before.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        settled = () => (clearTimeout(timer), resolve());
        worker.wake();
      });
    }
  }

  return {
    app,
    db,
    worker,
    drained,
    async close() {
      await app.close();
      await worker.stop();
      await db.close();
    },
  };
}
