import type { Lead, LeadEvent, LeadInput, LeadState, RequestMeta, StageName } from '../domain/types.js';
import type { DeadLetterReason } from '../pipeline/errors.js';
import type { ConsentRecord } from '../domain/quality/index.js';
import type { BehaviourEvent } from '../domain/scoring/index.js';
import type { SubmissionRow } from '../domain/metrics/summary.js';
import type { AlertTransitions } from '../domain/alerts/alerts.js';
import type { ConversationMessage, VisitorHints } from '../domain/conversation/index.js';

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

/** A lead the identity ledger found for a submission's keys, oldest first. */
export interface LedgerCandidate {
  leadId: string;
  state: LeadState;
  createdAt: number;
}

/**
 * The keys a submission claims: exact identity keys (one lead each), fuzzy blocking keys, and the
 * name-frequency keys counted once when it becomes a new person (`frequencyKeys` in domain/quality).
 */
export interface IdentityClaim {
  identityKeys: string[];
  blockingKeys: string[];
  frequencyKeys: string[];
}

/**
 * Reads the ledger's name-frequency counts for these keys, in one query; keys never counted are
 * left out (count 0). Given to `decide` so it reads exactly the values it compares.
 */
export type FrequencyReader = (keys: readonly string[]) => ReadonlyMap<string, number>;

export interface SuggestionPlan {
  candidateId: string;
  rule: string;
  confidence: number;
  evidence: Record<string, unknown>;
}

/** What the dedupe stage decided, given the candidates. */
export type DedupePlan =
  | { action: 'new'; suggestions: SuggestionPlan[] }
  | { action: 'merge'; into: string; detail: Record<string, unknown> };

export type DedupeOutcome =
  | { action: 'new'; suggestionIds: string[] }
  | { action: 'merge'; into: string }
  /** A re-run after a crash: this lead was merged already. */
  | { action: 'already-merged'; into: string };

export interface MergeSuggestion {
  id: string;
  leadId: string;
  candidateId: string;
  rule: string;
  confidence: number;
  evidence: Record<string, unknown>;
  status: 'open' | 'accepted' | 'rejected';
  createdAt: number;
  decidedAt: number | null;
}

export type SuggestionDecision =
  | { outcome: 'accepted'; into: string }
  | { outcome: 'rejected' }
  | { outcome: 'not-found' }
  | { outcome: 'already-decided'; status: string }
  | { outcome: 'stale'; reason: string };

/**
 * The identity ledger: normalized keys → the lead (person) that owns them, and how many people
 * carry each folded name and company. `resolveIdentity` finds the candidates for a submission,
 * asks `decide` (pure, given the candidates and a reader of the name frequencies) and applies its
 * plan in one atomic step, so two submissions of one new person racing through two workers still
 * make one lead; a new person's frequency keys are counted in that same step, once per lead.
 *
 * A merge never edits the surviving lead's state from the merged lead's job (that would race the
 * survivor's own job): it marks the submission merged, hands its keys to the survivor and enqueues
 * a job *of the survivor* that carries the submission (`submissionId`) from the dedupe stage on,
 * where the field-level merge happens under the survivor's own lease.
 */
export interface IdentityLedger {
  resolveIdentity(
    job: Job,
    owner: string,
    claim: IdentityClaim,
    decide: (candidates: LedgerCandidate[], frequencies: FrequencyReader) => DedupePlan,
  ): Promise<DedupeOutcome>;
  listMergeSuggestions(filter: { status?: MergeSuggestion['status']; before?: string; limit: number }): Promise<MergeSuggestion[]>;
  /** Accept (merge the suggestion's lead into its candidate) or reject a suggestion. */
  decideSuggestion(id: string, accept: boolean): Promise<SuggestionDecision>;
  /** A behaviour event (`contacted`, `meeting_booked`…) on a person's timeline, and a re-scoring job. */
  recordActivity(leadId: string, activity: { type: string; at: number; detail: Record<string, unknown> }): Promise<{ eventId: string }>;
  /** The consent log of a person: its own records and those of leads merged into it, oldest first. */
  listConsents(leadId: string): Promise<ConsentRecord[]>;
  appendConsents(leadId: string, records: ConsentRecord[]): Promise<void>;
}

/**
 * Routing's shared rotation state. `assign` runs `decide` on the current state and stores the new
 * state and the decision atomically (one writer at a time, so round robin stays fair across workers),
 * and returns the decision already stored for this job if the stage is re-run.
 */
export interface RoutingStore {
  assign<D extends { state: unknown }>(job: Job, owner: string, decide: (state: unknown | null) => D): Promise<D>;
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

export type ConversationStatus = 'open' | 'ended';
export type ConversationEndReason = 'ended' | 'inactivity';

export interface ConversationRecord {
  id: string;
  sourceId: string;
  channel: string;
  externalId: string;
  /** The lead created (or hinted) for this conversation; a merge may have folded it into another. */
  leadId: string | null;
  status: ConversationStatus;
  hints: VisitorHints;
  startedAt: number;
  /** The latest message timestamp (client time), null before the first message. */
  lastMessageAt: number | null;
  endedAt: number | null;
  endReason: ConversationEndReason | null;
  messageCount: number;
  /** The latest analysis (domain `ConversationAnalysis`) as stored, null before the first write. */
  analysis: unknown;
  /** Server time of the last write: what the inactivity sweep compares with the clock. */
  activeAt: number;
}

/** One write on a conversation: open it (or find it by external id), append messages, end it. */
export interface ConversationChange {
  sourceId: string;
  /** Open (or find) by (source, channel, externalId); `conversationId` addresses an existing one. */
  open?: { channel: string; externalId: string; hints: VisitorHints; leadId: string | null; startedAt?: number };
  conversationId?: string;
  messages: readonly ConversationMessage[];
  end?: { reason: ConversationEndReason; at: number };
  /** Only end when nothing was written since this time (the inactivity sweep's guard). */
  endIfIdleSince?: number;
}

/** What to store, decided from the conversation after the change's messages are appended. */
export interface ConversationPlan {
  analysis: unknown;
  /** Create the conversation's lead through the intake's own durable path (no lead linked yet). */
  lead: AcceptRequest | null;
  /** Conversation facts changed: re-process the linked lead from the `score` stage. */
  reprocess: boolean;
}

export type ConversationWrite =
  | { outcome: 'not-found' }
  /** New messages for an ended conversation (ids already stored are still acknowledged). */
  | { outcome: 'ended'; conversation: ConversationRecord }
  /** `endIfIdleSince` and the conversation was written to meanwhile: nothing changed. */
  | { outcome: 'active'; conversation: ConversationRecord }
  | {
      outcome: 'stored';
      created: boolean;
      conversation: ConversationRecord;
      added: string[];
      duplicateIds: string[];
      /** Set when this write created the lead. */
      leadCreated: string | null;
      /** The lead a re-processing job was enqueued for (the survivor of any merge). */
      reprocessed: string | null;
    };

/**
 * Chatbot conversations. `recordConversation` runs in one atomic step: find or open the
 * conversation, append the new messages (idempotent per message id), call `plan` with the whole
 * transcript, then store the analysis, create the lead through the same writer `acceptLead` uses
 * (lead + `received` event + first job) and link it, or enqueue a re-processing job of the linked
 * lead — all committed together before the promise resolves. Nothing is written on `not-found`,
 * `ended` or `active`.
 *
 * Left out: message edits and deletes (append-only; erasure is a separate concern).
 */
export interface ConversationStore {
  recordConversation(change: ConversationChange, plan: (conversation: ConversationRecord, messages: ConversationMessage[]) => ConversationPlan): Promise<ConversationWrite>;
  getConversation(id: string): Promise<{ conversation: ConversationRecord; messages: ConversationMessage[] } | undefined>;
  /** The conversations of a person: its own and those of leads merged into it, oldest first. */
  leadConversations(leadId: string): Promise<ConversationRecord[]>;
  /** Open conversations with no write since `before` (server time), oldest first. */
  idleConversations(before: number, limit: number): Promise<Array<{ id: string; sourceId: string; activeAt: number }>>;
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
