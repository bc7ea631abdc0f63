import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { LIFECYCLE_STATUS } from '../../domain/types.js';
import type { DeadLetterFilter, DeadLetterStore, QueueStats, ReplayResult } from '../ports.js';
import type { Db } from './database.js';
import type { WriteBatch } from './write-batch.js';
import { toDeadLetter, type DeadLetterRow } from './rows.js';

/** The dead-letter queue: kept until a person replays it; a replay re-enqueues the failed stage. */
export function createSqliteDeadLetters(db: Db, workspaceId: string, clock: Clock, batch: WriteBatch): DeadLetterStore & { stats(): Promise<QueueStats> } {
  const q = {
    get: db.prepare('SELECT * FROM dead_letters WHERE workspace_id = ? AND id = ?'),
    markReplayed: db.prepare('UPDATE dead_letters SET replayed_at = ? WHERE workspace_id = ? AND id = ?'),
    enqueue: db.prepare(
      'INSERT INTO jobs (workspace_id, id, lead_id, key, stage, attempts, run_at, kind, payload, submission_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)',
    ),
    status: db.prepare("UPDATE leads SET status = 'processing', updated_at = ? WHERE workspace_id = ? AND id = ?"),
    event: db.prepare('INSERT INTO lead_events (workspace_id, id, lead_id, status, stage, at, duration_ms, detail) VALUES (?, ?, ?, ?, ?, ?, NULL, ?)'),
    jobCounts: db.prepare(`
      SELECT
        SUM(CASE WHEN run_at <= :now AND (leased_until IS NULL OR leased_until < :now) THEN 1 ELSE 0 END) AS due,
        SUM(CASE WHEN run_at > :now AND (leased_until IS NULL OR leased_until < :now) THEN 1 ELSE 0 END) AS scheduled,
        SUM(CASE WHEN leased_until >= :now THEN 1 ELSE 0 END) AS leased,
        MIN(CASE WHEN run_at <= :now AND (leased_until IS NULL OR leased_until < :now) THEN run_at END) AS oldest
      FROM jobs WHERE workspace_id = :ws`),
    openDeadLetters: db.prepare('SELECT COUNT(*) FROM dead_letters WHERE workspace_id = ? AND replayed_at IS NULL').pluck(),
  };

  const replay = ((id: string, now: number): ReplayResult => {
    const row = q.get.get(workspaceId, id) as DeadLetterRow | undefined;
    if (!row) return { outcome: 'not-found' };
    if (row.replayed_at !== null) return { outcome: 'already-replayed', replayedAt: row.replayed_at };
    const jobId = newId('jb', now);
    q.enqueue.run(workspaceId, jobId, row.lead_id, row.job_key, row.stage, now, row.kind, row.payload, row.submission_id, now, now);
    q.markReplayed.run(now, workspaceId, id);
    if (row.kind === 'process') q.status.run(now, workspaceId, row.lead_id);
    q.event.run(workspaceId, newId('ev', now), row.lead_id, LIFECYCLE_STATUS.replayed, row.stage, now, JSON.stringify({ deadLetterId: id, reason: row.reason }));
    return { outcome: 'replayed', jobId, leadId: row.lead_id };
  });

  return {
    async listDeadLetters(filter: DeadLetterFilter) {
      const where = ['workspace_id = ?'];
      const args: unknown[] = [workspaceId];
      if (!filter.includeReplayed) where.push('replayed_at IS NULL');
      if (filter.reason !== undefined) {
        where.push('reason = ?');
        args.push(filter.reason);
      }
      if (filter.before !== undefined) {
        where.push('id < ?');
        args.push(filter.before);
      }
      const rows = db.prepare(`SELECT * FROM dead_letters WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT ?`).all(...args, filter.limit) as DeadLetterRow[];
      return rows.map(toDeadLetter);
    },
    replay: (id) => batch.run((now) => replay(id, now)),
    async stats() {
      const now = clock.now();
      const c = q.jobCounts.get({ now, ws: workspaceId }) as { due: number | null; scheduled: number | null; leased: number | null; oldest: number | null };
      return {
        due: c.due ?? 0,
        scheduled: c.scheduled ?? 0,
        leased: c.leased ?? 0,
        oldestDueAgeMs: c.oldest === null ? 0 : now - c.oldest,
        openDeadLetters: q.openDeadLetters.get(workspaceId) as number,
      };
    },
  };
}
