import { newId } from '../../lib/ids.js';
import type { Lead, LeadEvent } from '../../domain/types.js';
import { LIFECYCLE_STATUS, STAGES } from '../../domain/types.js';
import type { AcceptRequest, AcceptResult, LeadFilter, LeadStore } from '../ports.js';
import type { Db } from './database.js';
import type { WriteBatch } from './write-batch.js';
import { EMPTY_STATE, toEvent, toLead, type EventRow, type LeadRow } from './rows.js';

/**
 * The intake's durable write, shared by `acceptLead` and the conversation store (which calls it
 * inside its own savepoint to create a conversation's lead): the lead, its `received` event and
 * its first job, with the idempotency key and dedup-window checks. Call it inside `batch.run`.
 */
export function createIntakeWriter(db: Db, workspaceId: string): (r: AcceptRequest, now: number) => AcceptResult {
  const q = {
    idempotency: db.prepare('SELECT request_hash, lead_id, event_id FROM idempotency_keys WHERE workspace_id = ? AND source_id = ? AND key = ? AND expires_at > ?'),
    dropExpiredKey: db.prepare('DELETE FROM idempotency_keys WHERE workspace_id = ? AND source_id = ? AND key = ?'),
    rememberKey: db.prepare('INSERT INTO idempotency_keys (workspace_id, source_id, key, request_hash, lead_id, event_id, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    recent: db.prepare(
      'SELECT id, received_event_id FROM leads WHERE workspace_id = ? AND source_id = ? AND body_hash = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1',
    ),
    insertLead: db.prepare(
      'INSERT INTO leads (workspace_id, id, source_id, status, input, meta, state, body_hash, received_event_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertEvent: db.prepare('INSERT INTO lead_events (workspace_id, id, lead_id, status, stage, at, duration_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    insertJob: db.prepare('INSERT INTO jobs (workspace_id, id, lead_id, key, stage, attempts, run_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)'),
  };
  const firstStage = STAGES[0];
  return (r, now) => {
    if (r.idempotencyKey !== undefined) {
      const seen = q.idempotency.get(workspaceId, r.sourceId, r.idempotencyKey, now) as { request_hash: string; lead_id: string; event_id: string } | undefined;
      if (seen) {
        return seen.request_hash === r.bodyHash ? { outcome: 'replayed', leadId: seen.lead_id, eventId: seen.event_id } : { outcome: 'conflict' };
      }
      q.dropExpiredKey.run(workspaceId, r.sourceId, r.idempotencyKey);
    } else if (r.dedupWindowMs > 0) {
      const first = q.recent.get(workspaceId, r.sourceId, r.bodyHash, now - r.dedupWindowMs) as { id: string; received_event_id: string } | undefined;
      if (first) {
        q.insertEvent.run(workspaceId, newId('ev', now), first.id, 'duplicate-submission', null, now, null, JSON.stringify({ sourceId: r.sourceId }));
        return { outcome: 'duplicate', leadId: first.id, eventId: first.received_event_id };
      }
    }
    const leadId = newId('ld', now);
    const eventId = newId('ev', now);
    q.insertLead.run(
      workspaceId, leadId, r.sourceId, LIFECYCLE_STATUS.received, JSON.stringify(r.input), JSON.stringify(r.meta),
      JSON.stringify(EMPTY_STATE), r.bodyHash, eventId, now, now,
    );
    q.insertEvent.run(workspaceId, eventId, leadId, LIFECYCLE_STATUS.received, null, now, null, JSON.stringify({ sourceId: r.sourceId }));
    q.insertJob.run(workspaceId, newId('jb', now), leadId, `process:${leadId}`, firstStage, now, now, now);
    if (r.idempotencyKey !== undefined) q.rememberKey.run(workspaceId, r.sourceId, r.idempotencyKey, r.bodyHash, leadId, eventId, now + r.idempotencyTtlMs);
    return { outcome: 'accepted', leadId, eventId };
  };
}

/**
 * Leads and their timelines. `acceptLead` writes the lead, its `received` event and its first job
 * in one savepoint of the connection's group commit (write-batch.ts): it resolves after the commit.
 */
export function createSqliteLeadStore(db: Db, workspaceId: string, batch: WriteBatch): LeadStore {
  const q = {
    getLead: db.prepare('SELECT * FROM leads WHERE workspace_id = ? AND id = ?'),
    events: db.prepare('SELECT * FROM lead_events WHERE workspace_id = ? AND lead_id = ? ORDER BY rowid'),
    activities: db.prepare(
      "SELECT json_extract(detail, '$.type') AS type, at FROM lead_events WHERE workspace_id = ? AND lead_id = ? AND status = 'activity' ORDER BY rowid",
    ),
  };
  const acceptOne = createIntakeWriter(db, workspaceId);

  return {
    acceptLead(request) {
      return batch.run((now) => acceptOne(request, now));
    },
    async getLead(leadId) {
      const row = q.getLead.get(workspaceId, leadId) as LeadRow | undefined;
      return row ? toLead(row) : undefined;
    },
    async listEvents(leadId): Promise<LeadEvent[]> {
      return (q.events.all(workspaceId, leadId) as EventRow[]).map(toEvent);
    },
    async listActivities(leadId) {
      return q.activities.all(workspaceId, leadId) as Array<{ type: string; at: number }>;
    },
    async listLeads(filter: LeadFilter): Promise<Lead[]> {
      // Leads are people: a submission merged into another lead is an event there, not a row here.
      const where = ['workspace_id = ?', 'merged_into IS NULL'];
      const args: unknown[] = [workspaceId];
      const add = (sql: string, value: unknown) => {
        if (value === undefined) return;
        where.push(sql);
        args.push(value);
      };
      add('status = ?', filter.status);
      add('source_id = ?', filter.sourceId);
      add('segment = ?', filter.segment);
      add('owner = ?', filter.owner);
      add('created_at >= ?', filter.createdFrom);
      add('created_at < ?', filter.createdTo);
      add('id < ?', filter.before);
      const rows = db.prepare(`SELECT * FROM leads WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, filter.limit) as LeadRow[];
      return rows.map(toLead);
    },
  };
}
