import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { LIFECYCLE_STATUS, type Lead } from '../../domain/types.js';
import { LeaseLostError, type ClaimedJob, type DeadLetter, type Job, type JobQueue } from '../ports.js';
import type { Db } from './database.js';
import { stateOf, toJob, toLead, type JobRow, type LeadRow } from './rows.js';

const PROCESSING = 'processing';

/**
 * Jobs live beside the leads they work on. A claim is one IMMEDIATE transaction (the database's
 * write lock serialises claimers across processes): it picks due, unleased jobs whose lead has no
 * other leased job, and leases them. Every later write checks that the lease is still ours.
 */
export function createSqliteJobQueue(db: Db, workspaceId: string, clock: Clock): JobQueue {
  const q = {
    due: db.prepare(`
      SELECT j.* FROM jobs j
      WHERE j.workspace_id = ? AND j.run_at <= ? AND (j.leased_until IS NULL OR j.leased_until < ?)
        AND NOT EXISTS (
          SELECT 1 FROM jobs o WHERE o.workspace_id = j.workspace_id AND o.lead_id = j.lead_id AND o.id <> j.id AND o.leased_until >= ?)
      ORDER BY j.run_at, j.id LIMIT ?`),
    lease: db.prepare('UPDATE jobs SET leased_until = ?, lease_owner = ?, attempts = attempts + 1, updated_at = ? WHERE workspace_id = ? AND id = ?'),
    owner: db.prepare('SELECT lease_owner FROM jobs WHERE workspace_id = ? AND id = ?').pluck(),
    extend: db.prepare('UPDATE jobs SET leased_until = ? WHERE workspace_id = ? AND id = ? AND lease_owner = ?'),
    lead: db.prepare('SELECT * FROM leads WHERE workspace_id = ? AND id = ?'),
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
    deadLetter: db.prepare(
      'INSERT INTO dead_letters (workspace_id, id, lead_id, job_key, stage, reason, error, attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
  };

  function assertLease(job: Job, owner: string): void {
    if (q.owner.get(workspaceId, job.id) !== owner) throw new LeaseLostError(job.id);
  }
  function appendEvent(leadId: string, status: string, stage: string | null, at: number, durationMs: number | null, detail: Record<string, unknown>): string {
    const id = newId('ev', at);
    q.event.run(workspaceId, id, leadId, status, stage, at, durationMs, JSON.stringify(detail));
    return id;
  }

  const claim = db.transaction((owner: string, limit: number, leaseMs: number, now: number): ClaimedJob[] => {
    // Over-fetch a little: two due jobs of one lead may come back, and only one may be leased.
    const rows = q.due.all(workspaceId, now, now, now, limit * 2) as JobRow[];
    const leads = new Set<string>();
    const claimed: ClaimedJob[] = [];
    for (const row of rows) {
      if (claimed.length >= limit || leads.has(row.lead_id)) continue;
      leads.add(row.lead_id);
      q.lease.run(now + leaseMs, owner, now, workspaceId, row.id);
      const lead = toLead(q.lead.get(workspaceId, row.lead_id) as LeadRow);
      claimed.push({ ...toJob({ ...row, attempts: row.attempts + 1, leased_until: now + leaseMs, lease_owner: owner }), lead });
    }
    return claimed;
  });

  const extend = db.transaction((owner: string, ids: string[], until: number) => {
    for (const id of ids) q.extend.run(until, workspaceId, id, owner);
  });

  const completeStage = db.transaction((job: Job, owner: string, c: Parameters<JobQueue['completeStage']>[2], now: number): Lead => {
    assertLease(job, owner);
    const current = toLead(q.lead.get(workspaceId, job.leadId) as LeadRow);
    const lead: Lead = { ...current, ...c.patch, updatedAt: now };
    lead.status = c.next === null ? LIFECYCLE_STATUS.completed : PROCESSING;
    if (c.next === null) lead.completedAt = now;
    q.saveLead.run(JSON.stringify(stateOf(lead)), lead.status, lead.score, lead.segment, lead.owner, now, lead.completedAt, workspaceId, lead.id);
    appendEvent(lead.id, c.status, c.stage, now, c.durationMs, c.detail);
    if (c.next === null) {
      q.remove.run(workspaceId, job.id);
      appendEvent(lead.id, LIFECYCLE_STATUS.completed, null, now, now - lead.createdAt, {});
    } else {
      q.advance.run(c.next, now + c.leaseMs, now, workspaceId, job.id);
    }
    return lead;
  });

  const retry = db.transaction((job: Job, owner: string, plan: Parameters<JobQueue['retry']>[2], now: number) => {
    assertLease(job, owner);
    q.reschedule.run(plan.runAt, plan.countsAsAttempt ? 0 : 1, String(plan.detail.error ?? ''), now, workspaceId, job.id);
    appendEvent(job.leadId, LIFECYCLE_STATUS.retryScheduled, job.stage, now, plan.durationMs, { ...plan.detail, attempt: job.attempts, runAt: new Date(plan.runAt).toISOString() });
  });

  const deadLetter = db.transaction((job: Job, owner: string, plan: Parameters<JobQueue['deadLetter']>[2], now: number): DeadLetter => {
    assertLease(job, owner);
    const id = newId('dl', now);
    q.deadLetter.run(workspaceId, id, job.leadId, job.key, job.stage, plan.reason, plan.error, job.attempts, now);
    q.remove.run(workspaceId, job.id);
    q.leadStatus.run(LIFECYCLE_STATUS.deadLettered, now, workspaceId, job.leadId);
    appendEvent(job.leadId, LIFECYCLE_STATUS.deadLettered, job.stage, now, plan.durationMs, { ...plan.detail, deadLetterId: id, reason: plan.reason, attempts: job.attempts });
    appendEvent(job.leadId, LIFECYCLE_STATUS.alert, job.stage, now, null, { kind: 'dead-letter', deadLetterId: id, reason: plan.reason });
    return { id, leadId: job.leadId, jobKey: job.key, stage: job.stage, reason: plan.reason, error: plan.error, attempts: job.attempts, createdAt: now, replayedAt: null };
  });

  const release = db.transaction((job: Job, owner: string, now: number) => {
    if (q.owner.get(workspaceId, job.id) !== owner) return;
    q.reschedule.run(now, 1, null, now, workspaceId, job.id);
  });

  return {
    async claim(owner, limit, leaseMs) {
      return claim.immediate(owner, limit, leaseMs, clock.now());
    },
    async extendLeases(owner, jobIds, leaseMs) {
      if (jobIds.length > 0) extend.immediate(owner, jobIds, clock.now() + leaseMs);
    },
    async completeStage(job, owner, completion) {
      return completeStage.immediate(job, owner, completion, clock.now());
    },
    async retry(job, owner, plan) {
      retry.immediate(job, owner, plan, clock.now());
    },
    async deadLetter(job, owner, plan) {
      return deadLetter.immediate(job, owner, plan, clock.now());
    },
    async release(job, owner) {
      release.immediate(job, owner, clock.now());
    },
  };
}
