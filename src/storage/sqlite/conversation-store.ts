import { appendMessages, type ConversationMessage, type MessageRole } from '../../domain/conversation/index.js';
import { newId } from '../../lib/ids.js';
import type { ConversationChange, ConversationPlan, ConversationRecord, ConversationStore, ConversationWrite } from '../ports.js';
import type { Db } from './database.js';
import { createIntakeWriter } from './lead-store.js';
import type { WriteBatch } from './write-batch.js';

interface ConversationRow {
  id: string;
  source_id: string;
  channel: string;
  external_id: string;
  lead_id: string | null;
  status: ConversationRecord['status'];
  hints: string;
  started_at: number;
  last_message_at: number | null;
  ended_at: number | null;
  end_reason: ConversationRecord['endReason'];
  message_count: number;
  analysis: string | null;
  active_at: number;
}

function toRecord(row: ConversationRow): ConversationRecord {
  return {
    id: row.id,
    sourceId: row.source_id,
    channel: row.channel,
    externalId: row.external_id,
    leadId: row.lead_id,
    status: row.status,
    hints: JSON.parse(row.hints) as ConversationRecord['hints'],
    startedAt: row.started_at,
    lastMessageAt: row.last_message_at,
    endedAt: row.ended_at,
    endReason: row.end_reason,
    messageCount: row.message_count,
    analysis: row.analysis === null ? null : (JSON.parse(row.analysis) as unknown),
    activeAt: row.active_at,
  };
}

/** Merges can chain (A into B, later B into C); a conversation's lead is the end of that chain. */
const MAX_MERGE_HOPS = 8;

/**
 * Conversations on SQLite. Each `recordConversation` is one savepoint of the connection's group
 * commit: the messages, the analysis, the lead created through the intake's own writer (lead +
 * `received` event + first job) and the re-processing job commit together, or not at all.
 *
 * Re-processing jobs (`conversation:<id>:<ulid>`, stage `score`) are coalesced: while one waits
 * unleased, later writes add none — it reads the conversation when it runs. One that is already
 * running may have read too early, so a write during it enqueues the next.
 */
export function createSqliteConversationStore(db: Db, workspaceId: string, batch: WriteBatch): ConversationStore {
  const accept = createIntakeWriter(db, workspaceId);
  const q = {
    byExternal: db.prepare('SELECT * FROM conversations WHERE workspace_id = ? AND source_id = ? AND channel = ? AND external_id = ?'),
    byId: db.prepare('SELECT * FROM conversations WHERE workspace_id = ? AND id = ?'),
    insert: db.prepare(
      "INSERT INTO conversations (workspace_id, id, source_id, channel, external_id, lead_id, status, hints, started_at, active_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)",
    ),
    messages: db.prepare('SELECT message_id AS id, role, text, at FROM conversation_messages WHERE workspace_id = ? AND conversation_id = ? ORDER BY at, rowid'),
    insertMessage: db.prepare('INSERT INTO conversation_messages (workspace_id, conversation_id, message_id, role, text, at, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    update: db.prepare(`
      UPDATE conversations SET lead_id = ?, status = ?, started_at = ?, last_message_at = ?, ended_at = ?, end_reason = ?, message_count = ?, analysis = ?,
        active_at = ?, updated_at = ? WHERE workspace_id = ? AND id = ?`),
    mergedInto: db.prepare('SELECT merged_into FROM leads WHERE workspace_id = ? AND id = ?').pluck(),
    waiting: db.prepare('SELECT 1 FROM jobs WHERE workspace_id = ? AND key >= ? AND key < ? AND (leased_until IS NULL OR leased_until < ?) LIMIT 1').pluck(),
    enqueue: db.prepare("INSERT INTO jobs (workspace_id, id, lead_id, key, stage, attempts, run_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'score', 0, ?, ?, ?)"),
    event: db.prepare("INSERT INTO lead_events (workspace_id, id, lead_id, status, stage, at, duration_ms, detail) VALUES (?, ?, ?, 'conversation', NULL, ?, NULL, ?)"),
    byLead: db.prepare(`
      SELECT * FROM conversations WHERE workspace_id = ?
        AND (lead_id = ? OR lead_id IN (SELECT id FROM leads WHERE workspace_id = ? AND merged_into = ?))
      ORDER BY started_at, rowid`),
    idle: db.prepare("SELECT id, source_id AS sourceId, active_at AS activeAt FROM conversations WHERE workspace_id = ? AND status = 'open' AND active_at < ? ORDER BY active_at LIMIT ?"),
  };

  const row = (id: string) => q.byId.get(workspaceId, id) as ConversationRow | undefined;
  const messagesOf = (id: string) => q.messages.all(workspaceId, id) as Array<{ id: string; role: MessageRole; text: string; at: number }>;

  function survivor(leadId: string): string {
    let id = leadId;
    for (let hop = 0; hop < MAX_MERGE_HOPS; hop++) {
      const next = q.mergedInto.get(workspaceId, id) as string | null | undefined;
      if (!next) return id;
      id = next;
    }
    return id;
  }

  function reprocess(leadId: string, conversationId: string, detail: Record<string, unknown>, now: number): string {
    const target = survivor(leadId);
    const prefix = `conversation:${conversationId}:`;
    if (!q.waiting.get(workspaceId, prefix, `${prefix}\uffff`, now)) {
      q.enqueue.run(workspaceId, newId('jb', now), target, `${prefix}${newId('jb', now)}`, now, now, now);
    }
    q.event.run(workspaceId, newId('ev', now), target, now, JSON.stringify({ conversationId, ...detail }));
    return target;
  }

  function find(change: ConversationChange, now: number): { row: ConversationRow; created: boolean } | undefined {
    if (change.conversationId !== undefined) {
      const found = row(change.conversationId);
      return found && found.source_id === change.sourceId ? { row: found, created: false } : undefined;
    }
    const open = change.open!;
    const existing = q.byExternal.get(workspaceId, change.sourceId, open.channel, open.externalId) as ConversationRow | undefined;
    if (existing) return { row: existing, created: false };
    const id = newId('cv', now);
    const startedAt = open.startedAt ?? Math.min(now, ...change.messages.map((m) => m.at));
    q.insert.run(workspaceId, id, change.sourceId, open.channel, open.externalId, open.leadId, JSON.stringify(open.hints), startedAt, now, now, now);
    return { row: row(id)!, created: true };
  }

  function record(change: ConversationChange, plan: (c: ConversationRecord, m: ConversationMessage[]) => ConversationPlan, now: number): ConversationWrite {
    const found = find(change, now);
    if (!found) return { outcome: 'not-found' };
    const { row: current, created } = found;
    const appended = appendMessages(messagesOf(current.id), change.messages);
    const ending = change.end !== undefined && current.status === 'open';
    if (current.status === 'ended' && appended.added.length > 0) return { outcome: 'ended', conversation: toRecord(current) };
    if (change.endIfIdleSince !== undefined && current.active_at >= change.endIfIdleSince) return { outcome: 'active', conversation: toRecord(current) };
    const unchanged = { outcome: 'stored' as const, created, added: [], duplicateIds: appended.duplicateIds, leadCreated: null, reprocessed: null };
    if (!created && !ending && appended.added.length === 0) return { ...unchanged, conversation: toRecord(current) };

    for (const m of appended.added) q.insertMessage.run(workspaceId, current.id, m.id, m.role, m.text, m.at, now);
    const messages = appended.messages;
    const lastAt = messages.length > 0 ? Math.max(...messages.map((m) => m.at)) : null;
    const next: ConversationRow = {
      ...current,
      status: ending ? 'ended' : current.status,
      started_at: Math.min(current.started_at, ...messages.map((m) => m.at)),
      last_message_at: lastAt,
      ended_at: ending ? change.end!.at : current.ended_at,
      end_reason: ending ? change.end!.reason : current.end_reason,
      message_count: messages.length,
      active_at: now,
    };
    const decided = plan(toRecord(next), messages);
    let leadCreated: string | null = null;
    if (next.lead_id === null && decided.lead) {
      const accepted = accept(decided.lead, now);
      if (accepted.outcome !== 'conflict') next.lead_id = accepted.leadId;
      if (accepted.outcome === 'accepted') leadCreated = accepted.leadId;
    }
    next.analysis = JSON.stringify(decided.analysis);
    q.update.run(
      next.lead_id, next.status, next.started_at, next.last_message_at, next.ended_at, next.end_reason, next.message_count, next.analysis,
      now, now, workspaceId, current.id,
    );
    const reprocessed =
      next.lead_id !== null && leadCreated === null && decided.reprocess
        ? reprocess(next.lead_id, current.id, { added: appended.added.length, ...(ending ? { ended: change.end!.reason } : {}) }, now)
        : null;
    return { outcome: 'stored', created, conversation: toRecord(next), added: appended.added.map((m) => m.id), duplicateIds: appended.duplicateIds, leadCreated, reprocessed };
  }

  return {
    recordConversation: (change, plan) => batch.run((now) => record(change, plan, now)),
    async getConversation(id) {
      const found = row(id);
      return found ? { conversation: toRecord(found), messages: messagesOf(id) } : undefined;
    },
    async leadConversations(leadId) {
      return (q.byLead.all(workspaceId, leadId, workspaceId, leadId) as ConversationRow[]).map(toRecord);
    },
    async idleConversations(before, limit) {
      return q.idle.all(workspaceId, before, limit) as Array<{ id: string; sourceId: string; activeAt: number }>;
    },
  };
}
