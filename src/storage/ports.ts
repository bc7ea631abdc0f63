import type { Lead, LeadEvent, LeadInput, LeadState, RequestMeta, StageName } from '../domain/types.js';
import type { DeadLetterReason } from '../pipeline/errors.js';
import type { ConsentRecord } from '../domain/quality/index.js';
import type { IdentityLedger } from './identity-ports.js';
import type { ConversationStore } from './conversation-ports.js';
import type { BehaviourEvent } from '../domain/scoring/index.js';
import type { SubmissionRow } from '../domain/metrics/summary.js';
import type { AlertTransitions } from '../domain/alerts/alerts.js';

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

// The identity ledger's and the conversation store's ports live in their own files.
export type * from './identity-ports.js';
export type * from './conversation-ports.js';

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
  /** The person's behaviour events (`POST /v1/leads/:id/events`), oldest first. */
  listActivities(leadId: string): Promise<BehaviourEvent[]>;
  listLeads(filter: LeadFilter): Promise<Lead[]>;
}

export interface Job {
  id: string;
  leadId: string;
  key: string;
  stage: StageName;
  /** Attempts started for the current stage, including the one this claim begins. */
  attempts: number;
  /** Set when the job carries another (merged-away) lead's submission through this lead's stages. */
  submissionId: string | null;
  /**
   * `process` runs pipeline stages from `stage`; `step` is one timed follow-up step (`payload`);
   * `sync` writes the lead to one CRM account (key `sync:<account>:<leadId>`).
   */
  kind: JobKind;
  payload: unknown;
  runAt: number;
  leasedUntil: number | null;
  leaseOwner: string | null;
}

export type JobKind = 'process' | 'step' | 'sync';

/** Narrows a claim: `only` jobs whose key starts with a prefix, or all but those under `exclude`. */
export interface ClaimFilter {
  only?: string;
  exclude?: string;
  /** With `only`: also take jobs not yet due (a batch flushed early because it is full). */
  includeNotDue?: boolean;
  /** Only pipeline jobs (no follow-up steps, no CRM syncs); such a claim may commit without waiting for the disk. */
  kind?: 'process';
}

export interface ClaimedJob extends Job {
  lead: Lead;
  /** The submission this job carries when it is not the lead's own (after a merge); else the lead. */
  submission: Lead;
}

export interface ScheduledStep {
  key: string;
  runAt: number;
  payload: unknown;
  /** Default `step` (stage `follow-up`); `sync` jobs run the `sync` stage for one CRM account. */
  kind?: 'step' | 'sync';
  /**
   * Steps that follow this one, in time order, scheduled one at a time: when this step's job is
   * claimed, the first of them becomes a job carrying the rest. A plan is one job row until its
   * steps come due; whatever then happens to a step (sent, retried, deferred, dead-lettered), the
   * next is already scheduled. Dropping (`unschedule`) the job not yet claimed drops its followers.
   */
  then?: ScheduledStep[];
}

/** How a timed step ended: done (its event appended, the job removed) or moved to a later time. */
export interface StepOutcome {
  status: string;
  detail: Record<string, unknown>;
  durationMs: number;
  /** Run the step again at this time (quiet hours, working hours) without counting an attempt. */
  deferUntil?: number;
  /** Jobs to (re)schedule with the outcome (a CRM task step asks for a sync). */
  schedule?: ScheduledStep[];
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
  /** The lead's status when the job ends here (default `completed`); e.g. `merged`. */
  finalStatus?: string;
  /** Consent records to append for the lead, with the checkpoint. */
  consents?: ConsentRecord[];
  /** Timed jobs to (re)schedule with the checkpoint; a key already scheduled moves to the new time. */
  schedule?: ScheduledStep[];
  /** Keys of timed jobs to drop with the checkpoint (a replaced plan's pending steps). */
  unschedule?: string[];
  /** The stage to run next, or null when the last step was the pipeline's last stage. */
  next: StageName | null;
  leaseMs: number;
  /**
   * The lead's state with every step's patch applied, as the lease holder knows it (only the holder
   * of a lead's lease changes its state); spares the store reading and patching the stored copy.
   */
  state?: LeadState;
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
  claim(owner: string, limit: number, leaseMs: number, filter?: ClaimFilter): Promise<ClaimedJob[]>;
  /** Jobs waiting under a key prefix (due or not, unleased), and when the oldest of them is due. */
  pendingJobs(prefix: string): Promise<{ count: number; firstRunAt: number | null }>;
  /** Make every unleased job under a key prefix due now (a paused CRM account works again). */
  wakeJobs(prefix: string): Promise<number>;
  extendLeases(owner: string, jobIds: string[], leaseMs: number): Promise<void>;
  /** Commit finished stages, their events and the job's new checkpoint together; returns the lead's new state. */
  completeStages(job: Job, owner: string, completion: StageCompletion): Promise<LeadState>;
  retry(job: Job, owner: string, plan: RetryPlan): Promise<void>;
  /** Record a timed step's outcome on its lead, and remove or defer the job. */
  finishStep(job: Job, owner: string, outcome: StepOutcome): Promise<void>;
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

/**
 * Routing's shared rotation state. `assign` runs `decide` on the current state and stores the new
 * state and the decision atomically (one writer at a time, so round robin stays fair across workers).
 * A re-run of the stage (after a crash) gets the decision already stored for this job back, without
 * advancing the rotation, while it is made on the same `basis` (what the caller decides on, such as
 * the score and segment); a re-run that scored the lead differently decides again, in its place.
 * `decide` also gets the lead's last recorded decision: it is ahead of the lead row's owner, which
 * only the job's final checkpoint writes (after a crash in between, another job of the lead would
 * not see it there).
 */
export interface RoutingStore {
  assign<D extends { state: unknown }>(job: Job, owner: string, basis: string, decide: (state: unknown | null, last: LastAssignment | null) => D): Promise<D>;
}

/** The owner the lead's most recent routing decision gave it (null: a queue). */
export interface LastAssignment {
  owner: string | null;
}

export interface OutboxMessage {
  id: string;
  messageId: string;
  leadId: string | null;
  from: string;
  to: string[];
  subject: string;
  raw: string;
  receivedAt: number;
}

/** Mail the service sent, as the local capture server received it (embedded mode). */
export interface Outbox {
  /** Idempotent by Message-ID: a retried send that reached the server twice is kept once. */
  recordMail(message: Omit<OutboxMessage, 'id' | 'receivedAt'>): Promise<void>;
  listOutbox(filter: { leadId?: string; before?: string; limit: number }): Promise<OutboxMessage[]>;
}

export interface SummaryFilter {
  from: number;
  to: number;
  sourceId?: string;
  campaign?: string;
}

/** One row per submission in a time window, for the lead metrics (domain/metrics/summary.ts). */
export interface MetricsStore {
  summaryRows(filter: SummaryFilter): Promise<SubmissionRow[]>;
}

export interface AlertRecord {
  id: string;
  key: string;
  rule: string;
  severity: string;
  status: 'firing' | 'resolved';
  message: string;
  detail: Record<string, unknown>;
  firedAt: number;
  lastSeenAt: number;
  resolvedAt: number | null;
}

export interface AlertStore {
  /** Leads per source received in the last 24 h and the 24 h before `now`. */
  leadVolume(now: number): Promise<Record<string, { current: number; previous: number }>>;
  firingAlerts(): Promise<AlertRecord[]>;
  /** Applies transitions atomically; returns the alerts that changed state (to deliver). */
  applyAlerts(transitions: AlertTransitions, now: number): Promise<AlertRecord[]>;
  listAlerts(filter: { status?: 'firing' | 'resolved'; before?: string; limit: number }): Promise<AlertRecord[]>;
}

export interface CrmRecordRef {
  leadId: string;
  objectType: string;
  recordId: string;
}

/**
 * The CRM side of the identity ledger: for each lead and CRM account, the ids of the records we
 * wrote (`person`, `company`, `deal`, `note:<key>`, `task:<key>`). A sync consults it before every
 * write, so a repeated sync updates instead of creating.
 */
export interface CrmRecordStore {
  /** leadId → objectType → recordId, for one account. */
  crmRecords(account: string, leadIds: string[]): Promise<Map<string, Record<string, string>>>;
  /** Upserts; a `person` record also shows on the lead as `crmIds[account]`. */
  saveCrmRecords(account: string, records: CrmRecordRef[]): Promise<void>;
}

export interface Store extends LeadStore, JobQueue, DeadLetterStore, IdentityLedger, RoutingStore, Outbox, MetricsStore, AlertStore, CrmRecordStore, ConversationStore {
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
