import type { RoutingStore } from '../ports.js';
import { createLeaseCheck } from './lease.js';
import type { Db } from './database.js';
import type { WriteBatch } from './write-batch.js';

/** Routing state on SQLite: read, decide and write inside one savepoint of the write batch. */
export function createSqliteRoutingStore(db: Db, workspaceId: string, batch: WriteBatch): RoutingStore {
  const checkLease = createLeaseCheck(db, workspaceId);
  const q = {
    previous: db.prepare('SELECT decision FROM assignments WHERE workspace_id = ? AND job_id = ?').pluck(),
    state: db.prepare('SELECT state FROM routing_state WHERE workspace_id = ?').pluck(),
    saveState: db.prepare(
      'INSERT INTO routing_state (workspace_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (workspace_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
    ),
    record: db.prepare(
      'INSERT INTO assignments (workspace_id, job_id, lead_id, decision, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (workspace_id, job_id) DO UPDATE SET decision = excluded.decision, at = excluded.at',
    ),
    last: db.prepare("SELECT json_extract(decision, '$.owner') FROM assignments WHERE workspace_id = ? AND lead_id = ? ORDER BY at DESC, rowid DESC LIMIT 1").raw(),
  };
  return {
    assign: (job, owner, basis, decide) =>
      batch.run((now) => {
        checkLease(job, owner);
        const stored = q.state.get(workspaceId) as string | undefined;
        const state: unknown = stored === undefined ? null : JSON.parse(stored);
        const previous = q.previous.get(workspaceId, job.id) as string | undefined;
        if (previous !== undefined) {
          const { basis: keptOn, ...kept } = JSON.parse(previous) as { basis?: string };
          if (keptOn === basis) return { ...kept, state } as ReturnType<typeof decide>;
        }
        const last = q.last.get(workspaceId, job.leadId) as [string | null] | undefined;
        const decision = decide(state, last ? { owner: last[0] } : null);
        const { state: next, ...kept } = decision;
        q.saveState.run(workspaceId, JSON.stringify(next), now);
        q.record.run(workspaceId, job.id, job.leadId, JSON.stringify({ ...kept, basis }), now);
        return decision;
        // Lost to a power failure with the rotation's advance, it is decided again on the re-run.
      }, { redoable: true }),
  };
}
