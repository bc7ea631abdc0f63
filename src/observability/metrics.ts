import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { StageName } from '../domain/types.js';
import type { QueueStats } from '../storage/ports.js';
import type { StageOutcome, WorkerObserver } from '../pipeline/worker.js';

/**
 * The Prometheus metrics of one process, in its own registry (tests build many apps in one
 * process). Queue gauges are read from the store at scrape time, so an API-only process still
 * reports the backlog its workers face.
 */
export interface Metrics {
  registry: Registry;
  intake(sourceId: string, outcome: string): void;
  /** One language-model call for a conversation: ok, invalid, timeout or error (the last three fall back to the rules). */
  conversationModel(outcome: string): void;
  observer: WorkerObserver;
}

export function createMetrics(stats: () => Promise<QueueStats>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'leadwire_' });
  const intake = new Counter({
    name: 'leadwire_intake_requests_total',
    help: 'Lead submissions by source and outcome (accepted, replayed, duplicate, invalid, unauthenticated, rate_limited, conflict, error).',
    labelNames: ['source', 'outcome'],
    registers: [registry],
  });
  const modelCalls = new Counter({
    name: 'leadwire_conversation_model_calls_total',
    help: 'Language-model calls for conversation analysis by outcome (ok, invalid, timeout, error); all but ok kept the rules-only analysis.',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const stageDuration = new Histogram({
    name: 'leadwire_stage_duration_seconds',
    help: 'Time spent in each pipeline stage attempt.',
    labelNames: ['stage', 'outcome'],
    buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
    registers: [registry],
  });
  const attempts = new Counter({
    name: 'leadwire_stage_attempts_total',
    help: 'Stage attempts by stage and outcome (ok, retry, dead-letter, released).',
    labelNames: ['stage', 'outcome'],
    registers: [registry],
  });
  // One store read per scrape, shared by the gauges below (each collects on its own).
  let pending: Promise<QueueStats | undefined> | undefined;
  const read = () => {
    pending ??= stats().then(
      (s) => s,
      () => undefined,
    ).finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  new Gauge({
    name: 'leadwire_store_up',
    help: '1 when the queue statistics could be read at this scrape.',
    registers: [registry],
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'leadwire_jobs',
    help: 'Jobs by state (due, scheduled, leased).',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const s = await read();
      if (!s) return;
      this.set({ state: 'due' }, s.due);
      this.set({ state: 'scheduled' }, s.scheduled);
      this.set({ state: 'leased' }, s.leased);
    },
  });
  new Gauge({
    name: 'leadwire_jobs_oldest_due_age_seconds',
    help: 'Age of the oldest due job not yet leased.',
    registers: [registry],
    async collect() {
      const s = await read();
      if (s) this.set(s.oldestDueAgeMs / 1000);
    },
  });
  new Gauge({
    name: 'leadwire_dead_letters_open',
    help: 'Dead letters not yet replayed.',
    registers: [registry],
    async collect() {
      const s = await read();
      if (s) this.set(s.openDeadLetters);
    },
  });

  return {
    registry,
    intake: (source, outcome) => intake.inc({ source, outcome }),
    conversationModel: (outcome) => modelCalls.inc({ outcome }),
    observer: {
      stage(stage: StageName, outcome: StageOutcome, durationMs: number) {
        attempts.inc({ stage, outcome });
        if (outcome !== 'released') stageDuration.observe({ stage, outcome }, durationMs / 1000);
      },
    },
  };
}
