import { DEFAULT_ADMIN_KEY, DEFAULT_DEMO_KEY } from '../config/loader.js';
import { buildApp } from '../http/app.js';
import { createMetrics, storeSummary } from '../observability/metrics.js';
import { buildStages, pipelineStages } from '../pipeline/stages/index.js';
import { createAlertEvaluator } from '../notify/alert-evaluator.js';
import { createChurnAlertRunner } from '../notify/churn-alert-runner.js';
import { dispatchSteps } from '../notify/step-runner.js';
import { createFollowUpRunner } from '../notify/follow-up-runner.js';
import { createInactivitySweep } from '../conversation/inactivity-sweep.js';
import { createConversationService } from '../conversation/service.js';
import { createNotifier, type Notifier } from '../notify/notifier.js';
import { startSmtpCapture, type SmtpCapture } from '../notify/smtp-capture.js';
import { createWorker, eventLoopBusy, type Worker } from '../pipeline/worker.js';
import { boundHeapGrowth } from './heap.js';
import type { Store } from '../storage/ports.js';
import type { Runtime } from './runtime.js';
import { buildAccounts, mountSandboxes, needsSandboxes } from '../connectors/registry.js';
import { createSyncDriver } from '../connectors/sync-runner.js';

/**
 * The lead the banner's `curl` submits: a real-looking company address (an `example.com` one is
 * test data and never reaches a CRM), so a first run shows it in every built-in CRM sandbox.
 */
export const DEMO_LEAD = {
  email: 'ada.lovelace@analytical-engines.co.uk',
  name: 'Ada Lovelace',
  company: 'Analytical Engines Ltd',
  message: 'We need a demo next week',
  utm_source: 'newsletter',
} as const;

export interface ServeOptions {
  api: boolean;
  worker: boolean;
  port?: number;
  host?: string;
}

/**
 * Runs the API, the worker, or both in this process until SIGTERM/SIGINT. Shutdown order keeps the
 * promise "2xx means stored": the API stops taking requests and finishes those in flight (each
 * answers only after its commit), then the worker finishes or releases its jobs.
 */
export async function serve(rt: Runtime, options: ServeOptions): Promise<void> {
  const { config, logger } = rt;
  const closers: Array<() => Promise<void>> = [];
  let shuttingDown = false;
  let worker: Worker | undefined;

  // One connection per process: its group commit folds intake writes and stage checkpoints into
  // one transaction and one fsync per event-loop turn (two connections in one process would only
  // wait on each other's locks). synchronous=FULL because the intake's 2xx promises durability; a
  // worker-only process can use NORMAL — a checkpoint lost to power failure only re-runs a stage.
  const shared = rt.openStore(options.api ? 'FULL' : 'NORMAL');
  const apiStore = options.api ? shared : undefined;
  const workerStore = options.worker ? shared : undefined;
  const metrics = createMetrics(() => shared.stats(), storeSummary(shared, rt.clock));

  // The built-in CRM sandboxes live in the API process (embedded mode): accounts without a
  // credential write to them over real HTTP at this server's address.
  let listening: string | undefined;
  if (apiStore) {
    const app = await buildApp({
      config,
      store: apiStore,
      clock: rt.clock,
      logger,
      metrics,
      onLeadAccepted: () => worker?.wake(),
      isShuttingDown: () => shuttingDown,
      plugins: needsSandboxes(config.crm.accounts) ? [async (scope) => void (await mountSandboxes(scope))] : [],
    });
    const port = options.port ?? config.server.port;
    const host = options.host ?? config.server.host;
    listening = await app.listen({ port, host });
    closers.unshift(async () => {
      // In-flight requests finish (each answers after its commit); connections still open at the
      // deadline are cut, which their clients see as a failed request, never as a false 2xx.
      const deadline = setTimeout(() => app.server.closeAllConnections(), config.worker.shutdownDeadlineMs);
      await app.close();
      clearTimeout(deadline);
    });
    logger.info({ address: listening, db: rt.dbFile, config: config.origin.file }, 'api listening');
  }

  if (workerStore) {
    boundHeapGrowth();
    const { notifier, capture } = await startNotifier(rt, workerStore);
    const alerts = createAlertEvaluator({ store: workerStore, config: config.alerts, notifier, clock: rt.clock, log: logger.child({ component: 'alerts' }) });
    const sandboxBaseUrl = listening ?? `http://${config.server.host}:${config.server.port}`;
    const accounts = buildAccounts(config.crm.accounts, { sandboxBaseUrl: loopback(sandboxBaseUrl), logger, clock: () => rt.clock.now() });
    for (const a of accounts) logger.info({ account: a.id, crm: a.kind, mode: a.config.mode, sandbox: a.sandbox, enabled: a.config.enabled }, 'CRM account');
    const sync = createSyncDriver({
      accounts,
      store: workerStore,
      routing: config.routing,
      clock: () => rt.clock.now(),
      log: logger.child({ component: 'sync' }),
      probeMs: config.crm.authProbeSeconds * 1000,
      onAuth: (account, state) => alerts.observer.recorded?.(state === 'paused' ? 'crm-paused' : 'crm-resumed', 'sync', { kind: state === 'paused' ? 'auth-expired' : 'auth-restored', alert: { account } }),
    });
    worker = createWorker({
      queue: workerStore,
      stages: buildStages(pipelineStages({ config, store: workerStore, accounts })),
      steps: dispatchSteps(
        { 'churn-alert': createChurnAlertRunner({ store: workerStore, config, notifier }) },
        createFollowUpRunner({ config, store: workerStore, notifier, crmAccounts: accounts.filter((a) => a.config.enabled).map((a) => a.id) }),
      ),
      sync,
      worker: config.worker,
      retry: config.retry,
      clock: rt.clock,
      log: logger.child({ component: 'worker' }),
      observer: { ...metrics.observer, ...alerts.observer },
      hostBusy: options.api ? eventLoopBusy() : undefined,
    });
    // Idle conversations are ended from the database's state, so a restart only delays them.
    const sweep = createInactivitySweep({
      store: workerStore,
      service: createConversationService({ store: workerStore, config, clock: rt.clock, countModel: (outcome) => metrics.conversationModel(outcome) }),
      timeoutMinutes: config.conversations.inactivityTimeoutMinutes,
      everyMs: config.conversations.sweepEverySeconds * 1000,
      clock: rt.clock,
      log: logger.child({ component: 'conversations' }),
      onEnded: () => worker!.wake(),
    });
    worker.start();
    alerts.start();
    sweep.start();
    // The worker finishes or releases its steps before their transports go away.
    closers.push(async () => alerts.stop(), () => sweep.stop(), () => worker!.stop(), async () => notifier.close());
    if (capture) closers.push(() => capture.close());
  }

  if (listening) printBanner(rt, listening);

  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      if (shuttingDown) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      shuttingDown = true;
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  for (const close of closers) await close();
  await shared.close();
  logger.info({}, 'stopped');
}

/**
 * Mail goes to the configured SMTP server; without one, to a capture server on loopback that files
 * every message in the outbox (GET /v1/outbox) — a real SMTP exchange that never leaves the machine.
 */
async function startNotifier(rt: Runtime, store: Store): Promise<{ notifier: Notifier; capture?: SmtpCapture }> {
  const { email, slack } = rt.config.notify;
  if (email.smtp) return { notifier: createNotifier({ from: email.from, smtp: email.smtp, slack }) };
  const capture = await startSmtpCapture(store, email.capture.host, email.capture.port);
  rt.logger.info({ port: capture.port }, 'smtp capture listening; mail is kept in the outbox');
  return { notifier: createNotifier({ from: email.from, smtp: { host: email.capture.host, port: capture.port, secure: false }, slack }), capture };
}

/** A wildcard listen address is reached on loopback. */
function loopback(url: string): string {
  return url.replace('://0.0.0.0', '://127.0.0.1').replace('://[::]', '://[::1]');
}

function printBanner(rt: Runtime, address: string): void {
  const url = address.replace('://[::1]', '://localhost').replace('://0.0.0.0', '://localhost');
  const lines = [`Leadwire is running at ${url}  (API docs ${url}/docs, metrics ${url}/metrics)`, `  database: ${rt.dbFile}`];
  if (rt.config.origin.example) {
    const demoKey = process.env.LEADWIRE_DEMO_KEY || DEFAULT_DEMO_KEY;
    const adminKey = process.env.LEADWIRE_ADMIN_KEY || DEFAULT_ADMIN_KEY;
    const lead = JSON.stringify(DEMO_LEAD);
    lines.push(
      `  config:   built-in example (copy leadwire.config.example.yaml to leadwire.config.yaml to change it)`,
      `  demo source key: ${demoKey}    admin key: ${adminKey}`,
      '',
      'Submit a lead:',
      `  curl -sS -X POST ${url}/v1/leads -H 'X-Api-Key: ${demoKey}' -H 'Content-Type: application/json' -d '${lead}'`,
      'Then read it back (use the leadId from the answer):',
      `  curl -sS ${url}/v1/leads/<leadId> -H 'X-Api-Key: ${adminKey}'`,
    );
  } else {
    lines.push(`  config:   ${rt.config.origin.file}`);
  }
  process.stderr.write(`\n${lines.join('\n')}\n\n`);
}
