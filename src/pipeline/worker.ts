import { hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { STAGES, STAGE_STATUS, type Lead, type StageName } from '../domain/types.js';
import type { Clock } from '../lib/clock.js';
import { ulid } from '../lib/ids.js';
import type { ConsentRecord } from '../domain/quality/index.js';
import { LeaseLostError, type ClaimedJob, type Job, type JobQueue, type ScheduledStep, type StageStep, type StepOutcome } from '../storage/ports.js';
import { backoffDelay } from './backoff.js';
import type { RetrySettings, StepRunner, WorkerLog, WorkerObserver, WorkerSettings } from './worker-ports.js';
import { toStageError, type AnyStageError } from './errors.js';
import type { StageSet } from './stages/index.js';
import type { SyncDriver } from '../connectors/sync-runner.js';

export type { RetrySettings, StageOutcome, StepRunner, WorkerLog, WorkerObserver, WorkerSettings } from './worker-ports.js';

export interface WorkerDeps {
  queue: JobQueue;
  stages: StageSet;
  /** Runs `step` jobs (timed follow-up steps). */
  steps: StepRunner;
  /** Runs `sync` jobs, claimed per CRM account (its own concurrency, batches, pauses). */
  sync?: SyncDriver;
  /** Claim pipeline (`process`) jobs only, no follow-up steps or CRM syncs: a worker dedicated to the pipeline. */
  pipelineOnly?: boolean;
  /** True while the process hosting the worker is busy (the API in `start`): claim less. */
  hostBusy?: () => boolean;
  worker: WorkerSettings;
  retry: RetrySettings;
  clock: Clock;
  log: WorkerLog;
  observer?: WorkerObserver;
  random?: () => number;
  id?: string;
}

export interface Worker {
  readonly id: string;
  start(): void;
  /** Nudge an idle worker: new work was just committed. */
  wake(): void;
  /** Stop claiming, let in-flight jobs finish until the deadline, then release what is left. */
  stop(): Promise<void>;
  inFlight(): number;
}

/** A claim waits until this share of the worker's slots is free (1/8: 8 of 64), or it is idle. */
const CLAIM_SHARE = 8;
/** Jobs in flight while the host's event loop is busy, and the pause between claims then. */
const BUSY_CONCURRENCY = 4;
const BUSY_PAUSE_MS = 20;

/**
 * A host-busy signal from event-loop utilization: true while the loop was busy more than
 * `threshold` of the time since the last check (checked at most every `windowMs`).
 */
export function eventLoopBusy(threshold = 0.85, windowMs = 100): () => boolean {
  let last = performance.eventLoopUtilization();
  let lastAt = performance.now();
  let busy = false;
  return () => {
    const now = performance.now();
    if (now - lastAt < windowMs) return busy;
    const current = performance.eventLoopUtilization();
    busy = performance.eventLoopUtilization(current, last).utilization > threshold;
    last = current;
    lastAt = now;
    return busy;
  };
}

export function nextStage(stage: StageName): StageName | null {
  return STAGES[STAGES.indexOf(stage) + 1] ?? null;
}

export function createWorker(deps: WorkerDeps): Worker {
  const { queue, stages, clock, log, observer = {}, random = Math.random } = deps;
  const settings = deps.worker;
  const id = deps.id ?? `${hostname()}:${process.pid}:${ulid(clock.now()).slice(-6)}`;
  /** Work in flight: a job, or a batch of one CRM account's sync jobs; keyed by its first job's id. */
  const inflight = new Map<string, { jobIds: string[]; sync: boolean; run: Promise<void> }>();
  /** Units in flight that are not sync batches (those have their own per-account limits). */
  let general = 0;
  const abort = new AbortController();
  let stopping = false;
  let loopDone: Promise<void> | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let waker: (() => void) | undefined;

  const maxAttempts = (stage: StageName) => deps.retry.maxAttemptsByStage[stage] ?? deps.retry.maxAttempts;

  function idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        waker = undefined;
        resolve();
      }
      waker = done;
    });
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      // Sharing a process with the API, the intake comes first: while the event loop is busy, take
      // a few jobs at a time and leave the rest queued (the outbox absorbs the burst).
      const busy = deps.hostBusy?.() ?? false;
      const limit = Math.min(settings.concurrency, busy ? BUSY_CONCURRENCY : settings.concurrency);
      const running = general;
      const free = limit - running;
      let claimed: ClaimedJob[] = [];
      // Claim for a few free slots at a time, not for each one as it frees: every claim reads past
      // the jobs in flight, so claiming per slot would read them once per job.
      if (free > 0 && (free >= Math.ceil(limit / CLAIM_SHARE) || running === 0)) {
        try {
          claimed = await queue.claim(id, free, settings.leaseMs, { exclude: 'sync:', ...(deps.pipelineOnly ? { kind: 'process' as const } : {}) });
        } catch (error) {
          log.error({ err: describe(error) }, 'claim failed');
        }
        for (const job of claimed) track([job], () => runJob(job));
      }
      if (deps.sync && !busy && !deps.pipelineOnly) await claimSync(deps.sync);
      if (claimed.length > 0 && claimed.length === free && !busy) continue;
      if (!stopping) await idle(busy ? Math.min(settings.pollIntervalMs, BUSY_PAUSE_MS) : settings.pollIntervalMs);
    }
  }

  function track(jobs: ClaimedJob[], work: () => Promise<void>, sync = false): void {
    const first = jobs[0]!;
    if (!sync) general++;
    const run = work()
      .catch((error) => log.error({ jobId: first.id, leadId: first.leadId, jobs: jobs.length, err: describe(error) }, 'job crashed; its lease will expire and it will be reclaimed'))
      .finally(() => {
        inflight.delete(first.id);
        if (!sync) general--;
        waker?.();
      });
    inflight.set(first.id, { jobIds: jobs.map((j) => j.id), sync, run });
  }

  /**
   * Each CRM account's sync jobs are claimed apart, up to the account's free concurrency: one at a
   * time in realtime mode; in batch mode a batch once it is full or its oldest job is due.
   */
  async function claimSync(sync: SyncDriver): Promise<void> {
    for (const account of sync.claims()) {
      if (account.free <= 0 || stopping) continue;
      try {
        if (account.batchSize === 1) {
          const jobs = await queue.claim(id, account.free, settings.leaseMs, { only: account.prefix });
          for (const job of jobs) track([job], () => runSync(sync, account.account, [job]), true);
          continue;
        }
        const pending = await queue.pendingJobs(account.prefix);
        const full = pending.count >= account.batchSize;
        if (!full && (pending.firstRunAt === null || pending.firstRunAt > clock.now())) continue;
        const jobs = await queue.claim(id, account.batchSize, settings.leaseMs, { only: account.prefix, includeNotDue: true });
        if (jobs.length > 0) track(jobs, () => runSync(sync, account.account, jobs), true);
      } catch (error) {
        log.error({ account: account.account, err: describe(error) }, 'sync claim failed');
      }
    }
  }

  async function runSync(sync: SyncDriver, account: string, jobs: ClaimedJob[]): Promise<void> {
    const startedAt = performance.now();
    const outcomes = await sync.runBatch(account, jobs, abort.signal);
    const elapsed = performance.now() - startedAt;
    for (const [i, job] of jobs.entries()) {
      const outcome = outcomes[i]!;
      if (abort.signal.aborted && outcome instanceof Error) {
        await release(job);
        continue;
      }
      if (outcome instanceof Error) {
        await fail(job, outcome, elapsed);
        continue;
      }
      await finish(job, { ...outcome, durationMs: round(elapsed) });
    }
  }

  /**
   * Runs a job's stages from its checkpoint. Stage results accumulate and are committed together
   * (with one event each) on failure, on shutdown and at the end: one checkpoint for a job that
   * runs through. A stage that writes shared state (the identity ledger, the routing rotation)
   * writes it itself, idempotent per job and self-contained — what other leads read through it is
   * in that write (the ledger stores the profile with the keys) — so nothing before it needs to be
   * committed first. A crash re-runs the stages since the last checkpoint, which replay their
   * writes, and never loses an event.
   */
  async function runJob(claimed: ClaimedJob): Promise<void> {
    if (claimed.kind !== 'process') return runStep(claimed);
    let job: Job = claimed; // as the database knows it: the checkpoint stage
    let lead: Lead = claimed.lead;
    const submission = claimed.submission;
    let stage: StageName = claimed.stage; // the stage to run next
    let steps: StageStep[] = [];
    let consents: ConsentRecord[] = [];
    let schedule: ScheduledStep[] = [];
    let unschedule: string[] = [];
    let finalStatus: string | undefined;

    /**
     * Commits what accumulated (taken at once: later stages gather anew while it commits). The lead
     * is serialised when the batch runs, after later stages may have started: stages return patches
     * and never change the lead they are given, so the copy handed over here stays as it was.
     */
    const checkpoint = async (next: StageName | null): Promise<boolean> => {
      if (steps.length === 0) return true;
      const completion = { steps, next, leaseMs: settings.leaseMs, consents, schedule, unschedule, finalStatus, state: lead };
      steps = [];
      consents = [];
      schedule = [];
      unschedule = [];
      const at = job;
      try {
        await queue.completeStages(at, id, completion);
      } catch (error) {
        if (error instanceof LeaseLostError) return (leaseLost(at), false);
        throw error;
      }
      for (const step of completion.steps) {
        observer.stage?.(step.stage, 'ok', step.durationMs, 1);
        observer.recorded?.(step.status, step.stage, step.detail);
      }
      log.debug({ jobId: at.id, leadId: at.leadId, stages: completion.steps.map((s) => s.stage) }, 'stages committed');
      if (next !== null && next !== job.stage) job = { ...job, stage: next, attempts: 1 };
      return true;
    };

    for (;;) {
      const current = stages[stage];
      if (abort.signal.aborted) {
        if (!(await checkpoint(stage))) return;
        return release(job);
      }
      const startedAt = performance.now();
      let result;
      try {
        result = await current.run({ lead, submission: submission.id === lead.id ? lead : submission, now: clock.now(), attempt: stage === job.stage ? job.attempts : 1, signal: abort.signal, lease: { job: stage === job.stage ? job : { ...job, stage }, owner: id } });
      } catch (error) {
        const elapsed = performance.now() - startedAt;
        if (!(await checkpoint(stage))) return;
        if (abort.signal.aborted) return release(job);
        return fail(job, toStageError(error), elapsed);
      }
      const patch = result.patch ?? {};
      steps.push({
        stage,
        status: result.status ?? STAGE_STATUS[stage],
        patch,
        durationMs: round(performance.now() - startedAt),
        at: clock.now(),
        detail: result.detail ?? {},
      });
      lead = { ...lead, ...patch };
      consents.push(...(result.consents ?? []));
      schedule.push(...(result.schedule ?? []));
      unschedule.push(...(result.unschedule ?? []));
      finalStatus = result.endWith;
      const next = result.endWith === undefined ? nextStage(stage) : null;
      if (next === null && !(await checkpoint(next))) return;
      if (next === null) {
        observer.job?.(job, 'completed');
        return;
      }
      stage = next;
    }
  }

  async function runStep(job: ClaimedJob): Promise<void> {
    const startedAt = performance.now();
    let outcome;
    try {
      outcome = await deps.steps.run({ job, lead: job.lead, now: clock.now(), signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) return release(job);
      return fail(job, toStageError(error), performance.now() - startedAt);
    }
    await finish(job, { ...outcome, durationMs: round(performance.now() - startedAt) });
  }

  /** A step or sync job ended: its event appended, the job removed (or deferred). */
  async function finish(job: Job, outcome: StepOutcome): Promise<void> {
    try {
      await queue.finishStep(job, id, outcome);
    } catch (error) {
      if (error instanceof LeaseLostError) return leaseLost(job);
      throw error;
    }
    observer.stage?.(job.stage, 'ok', outcome.durationMs, job.attempts);
    observer.recorded?.(outcome.status, job.stage, outcome.detail);
    observer.job?.(job, outcome.deferUntil === undefined ? 'completed' : 'retry');
  }

  async function fail(job: Job, error: AnyStageError, elapsed: number): Promise<void> {
    const durationMs = round(elapsed);
    const detail: Record<string, unknown> = { error: error.message, code: error.code, kind: error.kind };
    const exhausted = job.attempts >= maxAttempts(job.stage);
    const logged = { jobId: job.id, leadId: job.leadId, stage: job.stage, attempt: job.attempts, code: error.code, kind: error.kind };
    try {
      if (error.kind === 'permanent' || (exhausted && error.kind !== 'auth-expired')) {
        const reason = error.kind === 'rate-limited' ? 'RATE_LIMIT_EXHAUSTED' : error.code;
        const letter = await queue.deadLetter(job, id, { reason, error: error.message, detail, durationMs });
        log.warn({ ...logged, deadLetterId: letter.id }, 'dead-lettered');
        observer.stage?.(job.stage, 'dead-letter', durationMs, job.attempts);
        observer.recorded?.('dead-lettered', job.stage, detail);
        observer.job?.(job, 'dead-letter');
        return;
      }
      const now = clock.now();
      const policy = { baseMs: deps.retry.baseDelayMs, maxMs: deps.retry.maxDelayMs };
      let runAt = now + backoffDelay(job.attempts, policy, random);
      if (error.kind === 'rate-limited') runAt = now + Math.max(0, error.retryAfterMs);
      // An expired credential is not this lead's fault: wait the longest backoff, keep the attempt.
      if (error.kind === 'auth-expired') runAt = now + deps.retry.maxDelayMs;
      if (error.kind === 'auth-expired') detail.alert = { kind: 'auth-expired', account: error.account };
      detail.retryInMs = runAt - now;
      await queue.retry(job, id, { runAt, detail, countsAsAttempt: error.kind !== 'auth-expired', durationMs });
      log.warn({ ...logged, retryInMs: runAt - now }, error.kind === 'auth-expired' ? 'credential expired; paused and alerted' : 'retry scheduled');
      observer.stage?.(job.stage, 'retry', durationMs, job.attempts);
      observer.recorded?.('retry-scheduled', job.stage, detail);
      observer.job?.(job, 'retry');
    } catch (writeError) {
      if (writeError instanceof LeaseLostError) return leaseLost(job);
      throw writeError;
    }
  }

  async function release(job: Job): Promise<void> {
    await queue.release(job, id);
    observer.stage?.(job.stage, 'released', 0, job.attempts);
    observer.job?.(job, 'released');
  }

  function leaseLost(job: Job): void {
    log.warn({ jobId: job.id, leadId: job.leadId, stage: job.stage }, 'lease lost; another worker owns the job now');
    observer.job?.(job, 'lease-lost');
  }

  return {
    id,
    start() {
      if (loopDone) return;
      heartbeat = setInterval(() => {
        queue.extendLeases(id, [...inflight.values()].flatMap((u) => u.jobIds), settings.leaseMs).catch((error) => log.error({ err: describe(error) }, 'lease heartbeat failed'));
      }, Math.max(250, Math.floor(settings.leaseMs / 3)));
      heartbeat.unref();
      loopDone = loop();
      log.info({ workerId: id, concurrency: settings.concurrency }, 'worker started');
    },
    wake() {
      waker?.();
    },
    async stop() {
      stopping = true;
      waker?.();
      await loopDone;
      const deadline = setTimeout(() => abort.abort(), settings.shutdownDeadlineMs);
      // After the deadline, each job releases at its next stage boundary; give a stage that ignores
      // the abort signal one more lease period before giving up on it (its lease then expires).
      const all = Promise.allSettled([...inflight.values()].map((u) => u.run));
      const giveUp = new Promise<void>((resolve) => setTimeout(resolve, settings.shutdownDeadlineMs + settings.leaseMs).unref());
      await Promise.race([all, giveUp]);
      clearTimeout(deadline);
      if (heartbeat) clearInterval(heartbeat);
      deps.sync?.stop();
      log.info({ workerId: id, abandoned: inflight.size }, 'worker stopped');
    },
    inFlight: () => [...inflight.values()].reduce((n, u) => n + u.jobIds.length, 0),
  };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function describe(error: unknown): { name: string; code?: string } {
  if (error instanceof Error) return { name: error.name, code: (error as { code?: string }).code };
  return { name: typeof error };
}
