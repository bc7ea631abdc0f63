import { alertConditions, alertTransitions, SIGNAL_RULES, type AlertsConfig } from '../domain/alerts/alerts.js';
import type { Clock } from '../lib/clock.js';
import type { WorkerLog, WorkerObserver } from '../pipeline/worker.js';
import type { AlertRecord, AlertStore, QueueStats } from '../storage/ports.js';
import type { Notifier } from './notifier.js';

const HOUR = 3600_000;

/**
 * Evaluates the alert rules every `evaluateEveryMs`: counts of the last hour come from what this
 * worker recorded (sync attempts and failures, SLA breaches, routing fallbacks, credential
 * failures — since its start), volumes and dead letters from the store. Only state changes are
 * delivered, to Slack and to `alerts.emailTo`.
 */
export function createAlertEvaluator(deps: {
  store: AlertStore & { stats(): Promise<QueueStats> };
  config: AlertsConfig & { emailTo: string[] };
  notifier: Notifier;
  clock: Clock;
  log: WorkerLog;
}) {
  const { store, config, notifier, clock, log } = deps;
  const seen: Array<{ at: number; kind: 'sync-ok' | 'sync-failed' | 'sla-breached' | 'fallback' | 'credential'; account?: string }> = [];
  let timer: NodeJS.Timeout | undefined;

  const observer: Pick<WorkerObserver, 'recorded'> = {
    recorded(status, stage, detail) {
      const at = clock.now();
      if (status === 'synced') seen.push({ at, kind: 'sync-ok' });
      else if (stage === 'sync' && (status === 'retry-scheduled' || status === 'dead-lettered')) seen.push({ at, kind: 'sync-failed' });
      if (status === 'sla-breached') seen.push({ at, kind: 'sla-breached' });
      if (status === 'routed' && detail.fallback === true) seen.push({ at, kind: 'fallback' });
      const account = String((detail.alert as { account?: string } | undefined)?.account ?? 'unknown');
      if (detail.kind === 'auth-expired') seen.push({ at, kind: 'credential', account });
      // The credential works again (the sync driver's probe): its failures no longer count.
      if (detail.kind === 'auth-restored') for (let i = seen.length - 1; i >= 0; i -= 1) if (seen[i]!.kind === 'credential' && seen[i]!.account === account) seen.splice(i, 1);
    },
  };

  async function evaluate(): Promise<AlertRecord[]> {
    const now = clock.now();
    while (seen.length > 0 && seen[0]!.at < now - HOUR) seen.shift();
    const count = (kind: string) => seen.filter((s) => s.kind === kind).length;
    const credentialFailures: Record<string, number> = {};
    for (const s of seen) if (s.kind === 'credential') credentialFailures[s.account!] = (credentialFailures[s.account!] ?? 0) + 1;
    const facts = {
      volume: await store.leadVolume(now),
      sync: { attempts: count('sync-ok') + count('sync-failed'), failures: count('sync-failed') },
      openDeadLetters: (await store.stats()).openDeadLetters,
      slaBreaches: count('sla-breached'),
      routingFallbacks: count('fallback'),
      credentialFailures,
    };
    // Per-lead signal alerts (churn) are raised and resolved by their own steps, not by these counts.
    const firing = (await store.firingAlerts()).filter((a) => !SIGNAL_RULES.has(a.rule));
    const transitions = alertTransitions(alertConditions(facts, config), firing);
    const changed = await store.applyAlerts(transitions, now);
    for (const alert of changed) await deliver(alert);
    return changed;
  }

  async function deliver(alert: AlertRecord): Promise<void> {
    const title = `${alert.status === 'firing' ? '🔴' : '✅'} ${alert.status === 'firing' ? alert.message : `Resolved: ${alert.message}`}`;
    try {
      await notifier.slack({ text: title, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${title}*\nrule \`${alert.rule}\`, severity ${alert.severity}` } }] });
      for (const to of config.emailTo) {
        await notifier.email({ to, subject: `[Leadwire] ${title}`, text: `${alert.message}\n\n${JSON.stringify(alert.detail, null, 2)}`, leadId: '', messageId: `<${alert.id}.${alert.status}@leadwire>` });
      }
      log.info({ alertId: alert.id, rule: alert.rule, status: alert.status }, 'alert delivered');
    } catch (error) {
      // The alert stays recorded (GET /v1/alerts); delivery is retried at the next state change.
      log.warn({ alertId: alert.id, err: { name: (error as Error).name } }, 'alert delivery failed');
    }
  }

  return {
    observer,
    evaluate,
    start() {
      timer = setInterval(() => void evaluate().catch((error) => log.error({ err: { name: (error as Error).name } }, 'alert evaluation failed')), config.evaluateEveryMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
    },
  };
}
