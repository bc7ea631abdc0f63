import { z } from 'zod';

/**
 * Alert rules with state (SPEC §12, issue 4): each rule looks at a few counts over a window and
 * either fires or resolves. An alert is keyed (rule + subject, e.g. the source), so a condition that
 * stays true updates the one firing alert instead of sending a new one every minute — only the
 * transitions (firing, resolved) are delivered. Pure: the facts and the time are passed in.
 */
export const alertsConfigSchema = z
  .object({
    evaluateEveryMs: z.number().int().min(1000).default(60_000),
    leadVolumeDropPercent: z.number().min(1).max(100).default(50).describe('fire when a source\'s leads in the last 24 h fell this much below the 24 h before'),
    leadVolumeMinBaseline: z.number().int().min(1).default(20).describe('…and the 24 h before had at least this many'),
    integrationFailurePercent: z.number().min(1).max(100).default(20).describe('failed sync attempts in the last hour, of all sync attempts'),
    integrationMinAttempts: z.number().int().min(1).default(10),
    deadLetterThreshold: z.number().int().min(1).default(1).describe('open dead letters that fire the alert'),
  })
  .strict();
export type AlertsConfig = z.output<typeof alertsConfigSchema>;

/** What the evaluator reads from the store at each run. */
export interface AlertFacts {
  /** Per source: leads received in the last 24 h and in the 24 h before. */
  volume: Record<string, { current: number; previous: number }>;
  sync: { attempts: number; failures: number };
  openDeadLetters: number;
  /** Counts in the last hour. */
  slaBreaches: number;
  routingFallbacks: number;
  credentialFailures: Record<string, number>;
}

export type AlertRule = 'lead-volume-drop' | 'integration-failures' | 'dead-letters' | 'sla-breaches' | 'routing-fallbacks' | 'credential-failure' | 'churn-signal';

/**
 * Rules raised by an event about one lead (a conversation's churn signal) rather than by a
 * condition over counts: the evaluator neither fires nor resolves them; the step that raised one
 * resolves it (see `pipeline/stages/churn-signal.ts`).
 */
export const SIGNAL_RULES: ReadonlySet<string> = new Set<AlertRule>(['churn-signal']);

/** One alert per lead (`churn-signal:<leadId>`): a second churn conversation while it fires adds none. */
export function churnAlertCondition(signal: { leadId: string; conversationId: string; owner: string | null }): AlertCondition {
  return {
    key: `churn-signal:${signal.leadId}`,
    rule: 'churn-signal',
    severity: 'critical',
    message: `Churn signal in conversation ${signal.conversationId} of lead ${signal.leadId}${signal.owner ? ` (owner ${signal.owner})` : ' (no owner: triage)'}`,
    detail: { ...signal },
  };
}

export interface AlertCondition {
  key: string;
  rule: AlertRule;
  severity: 'warning' | 'critical';
  message: string;
  detail: Record<string, unknown>;
}

export interface ActiveAlert {
  key: string;
}

export interface AlertTransitions {
  fire: AlertCondition[];
  /** Still true: refresh the firing alert, deliver nothing. */
  hold: AlertCondition[];
  resolve: string[];
}

export function alertConditions(facts: AlertFacts, config: AlertsConfig): AlertCondition[] {
  const out: AlertCondition[] = [];
  for (const [source, v] of Object.entries(facts.volume)) {
    if (v.previous < config.leadVolumeMinBaseline) continue;
    const drop = (100 * (v.previous - v.current)) / v.previous;
    if (drop >= config.leadVolumeDropPercent) {
      out.push({ key: `lead-volume-drop:${source}`, rule: 'lead-volume-drop', severity: 'warning', message: `Leads from ${source} fell ${Math.round(drop)}% day over day (${v.previous} → ${v.current})`, detail: { source, ...v } });
    }
  }
  const { attempts, failures } = facts.sync;
  if (attempts >= config.integrationMinAttempts && (100 * failures) / attempts >= config.integrationFailurePercent) {
    out.push({ key: 'integration-failures', rule: 'integration-failures', severity: 'critical', message: `${failures} of ${attempts} CRM sync attempts failed in the last hour`, detail: { attempts, failures } });
  }
  if (facts.openDeadLetters >= config.deadLetterThreshold) {
    out.push({ key: 'dead-letters', rule: 'dead-letters', severity: 'critical', message: `${facts.openDeadLetters} lead(s) in the dead-letter queue`, detail: { open: facts.openDeadLetters } });
  }
  if (facts.slaBreaches > 0) out.push({ key: 'sla-breaches', rule: 'sla-breaches', severity: 'warning', message: `${facts.slaBreaches} SLA breach(es) in the last hour`, detail: { count: facts.slaBreaches } });
  if (facts.routingFallbacks > 0) {
    out.push({ key: 'routing-fallbacks', rule: 'routing-fallbacks', severity: 'warning', message: `${facts.routingFallbacks} lead(s) went to triage in the last hour`, detail: { count: facts.routingFallbacks } });
  }
  for (const [account, count] of Object.entries(facts.credentialFailures)) {
    out.push({ key: `credential-failure:${account}`, rule: 'credential-failure', severity: 'critical', message: `Credentials for ${account} stopped working; its queue is paused`, detail: { account, count } });
  }
  return out;
}

/** Which alerts start firing, which keep firing, and which resolve — no storms, no silent drops. */
export function alertTransitions(conditions: readonly AlertCondition[], active: readonly ActiveAlert[]): AlertTransitions {
  const firing = new Set(active.map((a) => a.key));
  const now = new Set(conditions.map((c) => c.key));
  return {
    fire: conditions.filter((c) => !firing.has(c.key)),
    hold: conditions.filter((c) => firing.has(c.key)),
    resolve: [...firing].filter((key) => !now.has(key)),
  };
}
