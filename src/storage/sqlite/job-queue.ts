import { newId } from '../../lib/ids.js';
import { LIFECYCLE_STATUS, type LeadState } from '../../domain/types.js';
import { type ClaimFilter, type ClaimedJob, type ScheduledStep, type DeadLetter, type Job, type JobQueue, type StageCompletion, type StepOutcome } from '../ports.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import type { ConsentRecord } from '../../domain/quality/index.js';
import { sha256Hex } from '../../lib/hash.js';
import type { WriteBatch } from './write-batch.js';
import { createProfileWriter } from './lead-profiles.js';
import { createLeaseCheck } from './lease.js';
import { stateOf, toJob, toLead, type JobRow, type LeadRow } from './rows.js';

const PROCESSING = 'processing';

/**
 * Jobs live beside the leads they work on. A claim is one IMMEDIATE transaction (the database's
 * write lock serialises claimers across processes): it picks due, unleased jobs whose lead has no
 * other leased job, and leases them. Every later write checks that the lease is still ours.
 */
/**
 * A consent record's id, the same for the same job and purpose (a re-run checkpoint writes it once).
 * It starts with the time part of the job's id, so new records append to the end of the primary
 * key's B-tree instead of dirtying a random page of it.
 */
export function consentId(jobId: string, purpose: string): string {
  const time = jobId.slice(jobId.indexOf('_') + 1).slice(0, 10);
  return `cs_${time}${sha256Hex(`${jobId}:${purpose}`).slice(0, 16)}`;
}

export function createSqliteJobQueue(db: Db, workspaceId: string, batch: WriteBatch): JobQueue {
  const q = {
    due: db.prepare(dueJobs('jobs j', '')),
    // One prefix (a CRM account's sync jobs): the key index finds them; `run_at <= ?` is passed
    // +Infinity to flush a full batch early.
    dueUnder: db.prepare(`
      SELECT j.* FROM jobs j
      WHERE j.workspace_id = ? AND j.key >= ? AND j.key < ? AND j.run_at <= ? AND (j.leased_until IS NULL OR j.leased_until < ?)
        AND NOT EXISTS (
          SELECT 1 FROM jobs o WHERE o.workspace_id = j.workspace_id AND o.lead_id = j.lead_id AND o.id <> j.id AND o.leased_until >= ?)
      ORDER BY j.run_at, j.id LIMIT ?`),
    pending: db.prepare('SELECT count(*) AS count, min(run_at) AS first FROM jobs WHERE workspace_id = ? AND key >= ? AND key < ? AND (leased_until IS NULL OR leased_until < ?)'),
    wake: db.prepare('UPDATE jobs SET run_at = ? WHERE workspace_id = ? AND key >= ? AND key < ? AND run_at > ? AND (leased_until IS NULL OR leased_until < ?)'),
    lease: db.prepare('UPDATE jobs SET leased_until = ?, lease_owner = ?, attempts = attempts + 1, updated_at = ? WHERE workspace_id = ? AND id = ?'),
    owner: db.prepare('SELECT lease_owner FROM jobs WHERE workspace_id = ? AND id = ?').pluck(),
    extend: db.prepare('UPDATE jobs SET leased_until = ? WHERE workspace_id = ? AND id = ? AND lease_owner = ?'),
    lead: db.prepare('SELECT * FROM leads WHERE workspace_id = ? AND id = ?'),
    state: db.prepare('SELECT state FROM leads WHERE workspace_id = ? AND id = ?').pluck(),
    createdAt: db.prepare('SELECT created_at FROM leads WHERE workspace_id = ? AND id = ?').pluck(),
    saveLead: db.prepare(
      'UPDATE leads SET state = ?, status = ?, score = ?, segment = ?, owner = ?, updated_at = ?, completed_at = ? WHERE workspace_id = ? AND id = ?',
    ),
    leadStatus: db.prepare('UPDATE leads SET status = ?, updated_at = ? WHERE workspace_id = ? AND id = ?'),
    event: db.prepare('INSERT INTO lead_events (workspace_id, id, lead_id, status, stage, at, duration_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    advance: db.prepare('UPDATE jobs SET stage = ?, attempts = 1, leased_until = ?, last_error = NULL, updated_at = ? WHERE workspace_id = ? AND id = ?'),
    remove: db.prepare('DELETE FROM jobs WHERE workspace_id = ? AND id = ?'),
    reschedule: db.prepare(
      'UPDATE jobs SET run_at = ?, leased_until = NULL, lease_owner = NULL, attempts = attempts - ?, last_error = ?, updated_at = ? WHERE workspace_id = ? AND id = ?',
    ),
    consent: db.prepare(
      'INSERT OR IGNORE INTO consents (workspace_id, id, lead_id, purpose, granted, policy_version, text_hash, evidence, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    schedule: db.prepare(`
      INSERT INTO jobs (workspace_id, id, lead_id, key, stage, attempts, run_at, kind, payload, chain, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (workspace_id, key) DO UPDATE SET run_at = excluded.run_at, payload = excluded.payload, chain = excluded.chain, attempts = 0, updated_at = excluded.updated_at
      WHERE jobs.leased_until IS NULL OR jobs.leased_until < excluded.updated_at`),
    unchain: db.prepare('UPDATE jobs SET chain = NULL WHERE workspace_id = ? AND id = ?'),
    unschedule: db.prepare("DELETE FROM jobs WHERE workspace_id = ? AND key = ? AND kind = 'step' AND (leased_until IS NULL OR leased_until < ?)"),
    // A sync already waiting keeps the earlier of the two times (a hot lead never waits for a batch).
    scheduleSync: db.prepare(`
      INSERT INTO jobs (workspace_id, id, lead_id, key, stage, attempts, run_at, kind, payload, created_at, updated_at)
      VALUES (?, ?, ?, ?, 'sync', 0, ?, 'sync', ?, ?, ?)
      ON CONFLICT (workspace_id, key) DO UPDATE SET run_at = min(jobs.run_at, excluded.run_at), payload = excluded.payload, updated_at = excluded.updated_at
      WHERE jobs.leased_until IS NULL OR jobs.leased_until < excluded.updated_at`),
    // A step that ran (sent or skipped) is remembered on its lead, so a re-plan never repeats it.
    stepDone: db.prepare("UPDATE leads SET state = json_insert(state, '$.data.followUpDone[#]', ?) WHERE workspace_id = ? AND id = ?"),
    defer: db.prepare('UPDATE jobs SET run_at = ?, leased_until = NULL, lease_owner = NULL, attempts = attempts - 1, updated_at = ? WHERE workspace_id = ? AND id = ?'),
    deadLetter: db.prepare(
      'INSERT INTO dead_letters (workspace_id, id, lead_id, job_key, stage, reason, error, attempts, created_at, kind, payload, submission_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };

  const saveProfile = createProfileWriter(db, workspaceId);
  const assertLease = createLeaseCheck(db, workspaceId);

  // The same over pipeline jobs alone, through their partial index (migration 10): follow-up steps
  // that came due meanwhile are not even read. Prepared on first use (a database opened without
  // migrating may not have the index).
  let dueProcess: Statement | undefined;
  const duePipeline = () => (dueProcess ??= db.prepare(dueJobs('jobs j INDEXED BY jobs_due_process', "AND j.kind = 'process'")));

  function appendEvent(leadId: string, status: string, stage: string | null, at: number, durationMs: number | null, detail: Record<string, unknown>): string {
    const id = newId('ev', at);
    q.event.run(workspaceId, id, leadId, status, stage, at, durationMs, JSON.stringify(detail));
    return id;
  }

  /** Consent records are idempotent per (job, purpose): a re-run checkpoint does not add them twice. */
  function insertConsent(leadId: string, record: ConsentRecord, jobId: string): void {
    q.consent.run(workspaceId, consentId(jobId, record.purpose), leadId, record.purpose, record.action === 'granted' ? 1 : 0, record.policyVersion, record.policySha256, JSON.stringify(record), record.at);
  }

  function scheduleJobs(leadId: string, steps: readonly ScheduledStep[], now: number): void {
    for (const step of steps) {
      const payload = JSON.stringify(step.payload);
      if (step.kind === 'sync') q.scheduleSync.run(workspaceId, newId('jb', now), leadId, step.key, step.runAt, payload, now, now);
      else {
        const chain = step.then !== undefined && step.then.length > 0 ? JSON.stringify(step.then) : null;
        q.schedule.run(workspaceId, newId('jb', now), leadId, step.key, 'follow-up', step.runAt, 'step', payload, chain, now, now);
      }
    }
  }

  /** A claimed step's followers: the next becomes a job carrying the rest (`ScheduledStep.then`). */
  function handOn(row: JobRow, now: number): void {
    const [next, ...rest] = JSON.parse(row.chain!) as ScheduledStep[];
    if (next) scheduleJobs(row.lead_id, [{ ...next, then: rest }], now);
    q.unchain.run(workspaceId, row.id);
  }

  const claim = ((owner: string, limit: number, leaseMs: number, now: number, filter: ClaimFilter = {}): ClaimedJob[] => {
    // Over-fetch a little: two due jobs of one lead may come back, and only one may be leased.
    const rows = (
      filter.only !== undefined
        ? q.dueUnder.all(workspaceId, filter.only, prefixEnd(filter.only), filter.includeNotDue ? Number.MAX_SAFE_INTEGER : now, now, now, limit * 2)
        : (filter.kind === 'process' ? duePipeline() : q.due).all(workspaceId, now, now, filter.exclude ?? '\uffff', prefixEnd(filter.exclude ?? '\uffff'), now, limit * 2)
    ) as JobRow[];
    const leads = new Set<string>();
    const claimed: ClaimedJob[] = [];
    for (const row of rows) {
      if (claimed.length >= limit || leads.has(row.lead_id)) continue;
      leads.add(row.lead_id);
      q.lease.run(now + leaseMs, owner, now, workspaceId, row.id);
      if (row.chain !== null) handOn(row, now);
      const lead = toLead(q.lead.get(workspaceId, row.lead_id) as LeadRow);
      const submission = row.submission_id === null ? lead : toLead(q.lead.get(workspaceId, row.submission_id) as LeadRow);
      claimed.push({ ...toJob({ ...row, attempts: row.attempts + 1, leased_until: now + leaseMs, lease_owner: owner }), lead, submission });
    }
    return claimed;
  });

  const extend = ((owner: string, ids: string[], until: number) => {
    for (const id of ids) q.extend.run(until, workspaceId, id, owner);
  });

  const completeStages = ((job: Job, owner: string, c: StageCompletion, now: number): LeadState => {
    assertLease(job, owner);
    // Only the lease holder changes a lead's state: its copy, or else the row's, is the one to patch.
    let state = c.state ?? (JSON.parse(q.state.get(workspaceId, job.leadId) as string) as LeadState);
    for (const step of c.steps) {
      if (!c.state) state = { ...state, ...step.patch };
      appendEvent(job.leadId, step.status, step.stage, step.at, step.durationMs, step.detail);
    }
    state = stateOf(state);
    const done = c.next === null;
    const status = done ? (c.finalStatus ?? LIFECYCLE_STATUS.completed) : PROCESSING;
    for (const record of c.consents ?? []) insertConsent(job.leadId, record, job.id);
    for (const key of c.unschedule ?? []) q.unschedule.run(workspaceId, key, now);
    scheduleJobs(job.leadId, c.schedule ?? [], now);
    q.saveLead.run(JSON.stringify(state), status, state.score, state.segment, state.owner, now, done ? now : null, workspaceId, job.leadId);
    saveProfile(job.leadId, state);
    if (done) {
      q.remove.run(workspaceId, job.id);
      appendEvent(job.leadId, LIFECYCLE_STATUS.completed, null, now, now - (q.createdAt.get(workspaceId, job.leadId) as number), {});
    } else {
      q.advance.run(c.next, now + c.leaseMs, now, workspaceId, job.id);
    }
    return state;
  });

  const finishStep = (job: Job, owner: string, outcome: StepOutcome, now: number): void => {
    assertLease(job, owner);
    appendEvent(job.leadId, outcome.status, job.stage, now, outcome.durationMs, outcome.detail);
    if (outcome.deferUntil !== undefined) q.defer.run(outcome.deferUntil, now, workspaceId, job.id);
    else {
      q.remove.run(workspaceId, job.id);
      if (job.kind === 'step') q.stepDone.run(job.key, workspaceId, job.leadId);
    }
    scheduleJobs(job.leadId, outcome.schedule ?? [], now);
  };

  const retry = ((job: Job, owner: string, plan: Parameters<JobQueue['retry']>[2], now: number) => {
    assertLease(job, owner);
    q.reschedule.run(plan.runAt, plan.countsAsAttempt ? 0 : 1, String(plan.detail.error ?? ''), now, workspaceId, job.id);
    appendEvent(job.leadId, LIFECYCLE_STATUS.retryScheduled, job.stage, now, plan.durationMs, { ...plan.detail, attempt: job.attempts, runAt: new Date(plan.runAt).toISOString() });
  });

  const deadLetter = ((job: Job, owner: string, plan: Parameters<JobQueue['deadLetter']>[2], now: number): DeadLetter => {
    assertLease(job, owner);
    const id = newId('dl', now);
    q.deadLetter.run(workspaceId, id, job.leadId, job.key, job.stage, plan.reason, plan.error, job.attempts, now, job.kind, job.payload === null ? null : JSON.stringify(job.payload), job.submissionId);
    q.remove.run(workspaceId, job.id);
    // A failed follow-up step does not undo the pipeline the lead went through; its events say it.
    if (job.kind === 'process') q.leadStatus.run(LIFECYCLE_STATUS.deadLettered, now, workspaceId, job.leadId);
    appendEvent(job.leadId, LIFECYCLE_STATUS.deadLettered, job.stage, now, plan.durationMs, { ...plan.detail, deadLetterId: id, reason: plan.reason, attempts: job.attempts });
    appendEvent(job.leadId, LIFECYCLE_STATUS.alert, job.stage, now, null, { kind: 'dead-letter', deadLetterId: id, reason: plan.reason });
    return { id, leadId: job.leadId, jobKey: job.key, stage: job.stage, reason: plan.reason, error: plan.error, attempts: job.attempts, createdAt: now, replayedAt: null };
  });

  const release = ((job: Job, owner: string, now: number) => {
    if (q.owner.get(workspaceId, job.id) !== owner) return;
    q.reschedule.run(now, 1, null, now, workspaceId, job.id);
  });

  // A worker's own bookkeeping is redone if a power failure loses it (write-batch.ts); a finished
  // step is not — it may have sent an email. Nor is a claim that may take steps or CRM syncs: what
  // they act on (the plan, the owner) must be on disk before mail or a CRM hears of it.
  const redoable = { redoable: true };
  return {
    claim: (owner, limit, leaseMs, filter) => batch.run((now) => claim(owner, limit, leaseMs, now, filter), { redoable: filter?.kind === 'process' }),
    pendingJobs: (prefix) =>
      batch.run((now) => {
        const row = q.pending.get(workspaceId, prefix, prefixEnd(prefix), now) as { count: number; first: number | null };
        return { count: row.count, firstRunAt: row.first };
      }, redoable),
    wakeJobs: (prefix) => batch.run((now) => q.wake.run(now, workspaceId, prefix, prefixEnd(prefix), now, now).changes, redoable),
    extendLeases: async (owner, jobIds, leaseMs) => {
      if (jobIds.length > 0) await batch.run((now) => extend(owner, jobIds, now + leaseMs), redoable);
    },
    completeStages: (job, owner, completion) => batch.run((now) => completeStages(job, owner, completion, now), redoable),
    retry: (job, owner, plan) => batch.run((now) => retry(job, owner, plan, now), redoable),
    finishStep: (job, owner, outcome) => batch.run((now) => finishStep(job, owner, outcome, now)),
    deadLetter: (job, owner, plan) => batch.run((now) => deadLetter(job, owner, plan, now)),
    release: (job, owner) => batch.run((now) => release(job, owner, now), redoable),
  };
}

/**
 * Due, unleased jobs outside one key prefix whose lead has no other leased job, oldest first.
 * Parameters: workspace, now, now, the prefix's range (two), now, limit.
 */
function dueJobs(from: string, narrower: string): string {
  return `
    SELECT j.* FROM ${from}
    WHERE j.workspace_id = ? ${narrower} AND j.run_at <= ? AND (j.leased_until IS NULL OR j.leased_until < ?)
      AND NOT (j.key >= ? AND j.key < ?)
      AND NOT EXISTS (
        SELECT 1 FROM jobs o WHERE o.workspace_id = j.workspace_id AND o.lead_id = j.lead_id AND o.id <> j.id AND o.leased_until >= ?)
    ORDER BY j.run_at, j.id LIMIT ?`;
}

/** The smallest string after every string that starts with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}
