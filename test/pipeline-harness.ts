import type { Config } from '../src/config/loader.js';
import { buildApp, type App } from '../src/http/app.js';
import { systemClock, type Clock } from '../src/lib/clock.js';
import { createChurnAlertRunner } from '../src/notify/churn-alert-runner.js';
import { createFollowUpRunner } from '../src/notify/follow-up-runner.js';
import { dispatchSteps } from '../src/notify/step-runner.js';
import { createNotifier } from '../src/notify/notifier.js';
import { startSmtpCapture, type SmtpCapture } from '../src/notify/smtp-capture.js';
import { createLogger } from '../src/observability/logger.js';
import { createMetrics, storeSummary } from '../src/observability/metrics.js';
import { buildStages, pipelineStages } from '../src/pipeline/stages/index.js';
import { createWorker, type Worker } from '../src/pipeline/worker.js';
import { tempStore, testConfig, type TestStore } from './helpers.js';
import { createSyncDriver, type CrmAccount } from '../src/connectors/sync-runner.js';

/**
 * The API and a worker with the real stages and follow-up runner on one fresh database, mail going
 * over real SMTP to the capture server — as `leadwire start` wires them, with an injectable clock.
 */
export interface Pipeline {
  app: App;
  db: TestStore;
  worker: Worker;
  capture: SmtpCapture;
  /** Resolves once no job is due or leased (future steps may stay scheduled). */
  drained(): Promise<void>;
  /** Stops the worker and starts a fresh one on the same database (a restart). */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface PipelineOptions {
  /** CRM accounts (built with `buildAccounts` against test sandboxes): the sync stage and driver run. */
  accounts?: CrmAccount[];
  onAuth?: (account: string, state: 'paused' | 'resumed') => void;
  concurrency?: number;
}

export async function startPipeline(config: Config = testConfig(), clock: Clock = systemClock, options: PipelineOptions = {}): Promise<Pipeline> {
  const db = tempStore(clock);
  const capture = await startSmtpCapture(db.store, '127.0.0.1', 0);
  const notifier = createNotifier({ from: config.notify.email.from, smtp: { host: '127.0.0.1', port: capture.port, secure: false }, slack: config.notify.slack });
  let settled: (() => void) | undefined;
  const log = { info() {}, warn() {}, error() {}, debug() {} };
  const accounts = options.accounts;
  const newWorker = () =>
    createWorker({
      queue: db.store,
      stages: buildStages(pipelineStages({ config, store: db.store, accounts })),
      steps: dispatchSteps(
        { 'churn-alert': createChurnAlertRunner({ store: db.store, config, notifier }) },
        createFollowUpRunner({ config, store: db.store, notifier, crmAccounts: accounts?.map((a) => a.id) }),
      ),
      sync: accounts
        ? createSyncDriver({ accounts, store: db.store, routing: config.routing, clock: () => clock.now(), log, probeMs: config.crm.authProbeSeconds * 1000, onAuth: options.onAuth })
        : undefined,
      worker: { ...config.worker, concurrency: options.concurrency ?? 8 },
      retry: config.retry,
      clock,
      log,
      observer: { job: () => settled?.() },
    });
  let worker = newWorker();
  const app = await buildApp({
    config,
    store: db.store,
    clock,
    logger: createLogger('silent'),
    metrics: createMetrics(() => db.store.stats(), storeSummary(db.store, clock)),
    onLeadAccepted: () => worker.wake(),
  });
  worker.start();

  const pipeline: Pipeline = {
    app,
    db,
    worker,
    capture,
    async drained() {
      for (;;) {
        const s = await db.store.stats();
        if (s.due + s.leased === 0) return;
        // Wake on the worker's next report; re-check at least every 50 ms in case it came just before.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 50);
          settled = () => (clearTimeout(timer), resolve());
          worker.wake();
        });
      }
    },
    async restartWorker() {
      await worker.stop();
      worker = newWorker();
      pipeline.worker = worker;
      worker.start();
    },
    async close() {
      await app.close();
      await worker.stop();
      notifier.close();
      await capture.close();
      await db.close();
    },
  };
  return pipeline;
}
