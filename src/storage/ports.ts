import type { Lead, LeadEvent, LeadInput, LeadState, RequestMeta, StageName } from '../domain/types.js';
import type { DeadLetterReason } from '../pipeline/errors.js';

/**
 * The storage ports: what the intake, the worker and the admin API need from a store, and nothing
 * more. Every method is async so a networked adapter (PostgreSQL) fits the same contract; the
 * embedded SQLite adapter answers from one file.
 *
 * Promises kept by every adapter:
 * - `acceptLead` resolves only after the lead, its `received` event and its first job are durably
 *   committed together; it rejects (and nothing is stored) otherwise.
 * - Events and consents are append-only.
 * - A claimed job is leased to one worker until `leasedUntil`; jobs of one lead are never leased at
 *   the same time; every write on a leased job checks the lease owner (`LeaseLostError`).
 *
 * Left out on purpose: transactions and connections never leak through these interfaces.
 */

export interface AcceptRequest {
  sourceId: string;
  input: LeadInput;
  meta: RequestMeta;
  /** sha256 of the canonical input: equal submissions have equal hashes. */
  bodyHash: string;
  idempotencyKey?: string;
  /** Identical submissions (same source, same hash) within this many ms return the first lead. */
  dedupWindowMs: number;
  idempotencyTtlMs: number;
}

export type AcceptResult =
  | { outcome: 'accepted'; leadId: string; eventId: string }
  /** The same Idempotency-Key with the same body: the original answer. */
  | { outcome: 'replayed'; leadId: string; eventId: string }
  /** No key, but an identical submission inside the window: the first lead. */
  | { outcome: 'duplicate'; leadId: string; eventId: string }
  | { outcome: 'conflict' };

export interface LeadFilter {
  status?: string;
  sourceId?: string;
  segment?: string;
  owner?: string;
  createdFrom?: number;
  createdTo?: number;
  /** Only ids strictly before this one (newest first). */
  before?: string;
  limit: number;
}

export interface LeadStore {
  acceptLead(request: AcceptRequest): Promise<AcceptResult>;
  getLead(leadId: string): Promise<Lead | undefined>;
  listEvents(leadId: string): Promise<LeadEvent[]>;
  listLeads(filter: LeadFilter): Promise<Lead[]>;
}

export interface Job {
  id: string;
  leadId: string;
  key: string;
  stage: StageName;
  /** Attempts started for the current stage, including the one this claim begins. */
  attempts: number;
  runAt: number;
  leasedUntil: number | null;
  leaseOwner: string | null;
}

export interface ClaimedJob extends Job {
  lead: Lead;
}

/** One finished stage: its result and the event that records it. */
export interface StageStep {
  stage: StageName;
  status: string;
  patch: Partial<LeadState>;
  durationMs: number;
  /** When the stage finished (the event's time). */
  at: number;
  detail: Record<string, unknown>;
}

export interface StageCompletion {
  /** Consecutive stages finished since the job's last checkpoint, in order. */
  steps: StageStep[];
  /** The stage to run next, or null when the last step was the pipeline's last stage. */
  next: StageName | null;
  leaseMs: number;
}

export interface RetryPlan {
  runAt: number;
  detail: Record<string, unknown>;
  /** False when the failure must not count against the stage's attempts (auth pauses). */
  countsAsAttempt: boolean;
  durationMs: number;
}

export interface DeadLetterPlan {
  reason: DeadLetterReason;
  error: string;
  detail: Record<string, unknown>;
  durationMs: number;
}

export interface JobQueue {
  /** Lease up to `limit` due jobs, at most one per lead, none of a lead that has a leased job. */
  claim(owner: string, limit: number, leaseMs: number): Promise<ClaimedJob[]>;
  extendLeases(owner: string, jobIds: string[], leaseMs: number): Promise<void>;
  /** Commit finished stages, their events and the job's new checkpoint together; returns the lead's new state. */
  completeStages(job: Job, owner: string, completion: StageCompletion): Promise<LeadState>;
  retry(job: Job, owner: string, plan: RetryPlan): Promise<void>;
  deadLetter(job: Job, owner: string, plan: DeadLetterPlan): Promise<DeadLetter>;
  /** Give a job back without counting the attempt it was leased for (graceful shutdown). */
  release(job: Job, owner: string): Promise<void>;
}

export interface DeadLetter {
  id: string;
  leadId: string;
  jobKey: string;
  stage: StageName;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
  createdAt: number;
  replayedAt: number | null;
}

export interface DeadLetterFilter {
  reason?: DeadLetterReason;
  includeReplayed?: boolean;
  before?: string;
  limit: number;
}

export type ReplayResult = { outcome: 'replayed'; jobId: string; leadId: string } | { outcome: 'not-found' } | { outcome: 'already-replayed'; replayedAt: number };

export interface DeadLetterStore {
  listDeadLetters(filter: DeadLetterFilter): Promise<DeadLetter[]>;
  replay(deadLetterId: string): Promise<ReplayResult>;
}

export interface QueueStats {
  due: number;
  scheduled: number;
  leased: number;
  oldestDueAgeMs: number;
  openDeadLetters: number;
}

export interface Store extends LeadStore, JobQueue, DeadLetterStore {
  stats(): Promise<QueueStats>;
  /** True when the store can read and write now (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** A write on a job whose lease another worker now holds (ours expired and it was reclaimed). */
export class LeaseLostError extends Error {
  constructor(readonly jobId: string) {
    super(`lease lost on job ${jobId}`);
    this.name = 'LeaseLostError';
  }
}
