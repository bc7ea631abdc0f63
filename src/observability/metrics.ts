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
  const queue = new Gauge({ name: 'leadwire_jobs', help: 'Jobs by state (due, scheduled, leased).', labelNames: ['state'], registers: [registry] });
  const oldest = new Gauge({ name: 'leadwire_jobs_oldest_due_age_seconds', help: 'Age of the oldest due job not yet leased.', registers: [registry] });
  const deadLetters = new Gauge({ name: 'leadwire_dead_letters_open', help: 'Dead letters not yet replayed.', registers: [registry] });
  const scrape = new Gauge({
    name: 'leadwire_store_up',
    help: '1 when the queue statistics could be read at this scrape.',
    registers: [registry],
    async collect() {
      try {
        const s = await stats();
        queue.set({ state: 'due' }, s.due);
        queue.set({ state: 'scheduled' }, s.scheduled);
        queue.set({ state: 'leased' }, s.leased);
        oldest.set(s.oldestDueAgeMs / 1000);
        deadLetters.set(s.openDeadLetters);
        this.set(1);
      } catch {
        this.set(0);
      }
    },
  });
  void scrape;

  return {
    registry,
    intake: (source, outcome) => intake.inc({ source, outcome }),
    observer: {
      stage(stage: StageName, outcome: StageOutcome, durationMs: number) {
        attempts.inc({ stage, outcome });
        if (outcome !== 'released') stageDuration.observe({ stage, outcome }, durationMs / 1000);
      },
    },
  };
}
