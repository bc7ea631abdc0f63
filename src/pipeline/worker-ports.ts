import type { Lead, StageName } from '../domain/types.js';
import type { Job, StepOutcome } from '../storage/ports.js';

/** What the worker is given and what it reports: settings, the step runner, the log, the observer. */

export interface WorkerSettings {
  concurrency: number;
  leaseMs: number;
  pollIntervalMs: number;
  shutdownDeadlineMs: number;
}

export interface RetrySettings {
  baseDelayMs: number;
  maxDelayMs: number;
  maxAttempts: number;
  maxAttemptsByStage: Partial<Record<StageName, number | undefined>>;
}

export type StageOutcome = 'ok' | 'retry' | 'dead-letter' | 'released';

/** What the worker reports as it goes: metrics implement it, tests listen to it. */
export interface WorkerObserver {
  stage?(stage: StageName, outcome: StageOutcome, durationMs: number, attempt: number): void;
  job?(job: Job, outcome: 'completed' | 'retry' | 'dead-letter' | 'released' | 'lease-lost'): void;
  /** Every event the worker committed (stage results, step outcomes, retries): alert rules count them. */
  recorded?(status: string, stage: StageName | null, detail: Record<string, unknown>): void;
}

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
}

/** Runs one timed follow-up step (a `step` job); throws the typed errors like a stage. */
export interface StepRunner {
  run(context: { job: Job; lead: Lead; now: number; signal: AbortSignal }): Promise<Omit<StepOutcome, 'durationMs'>>;
}
