import { LeaseLostError, type Job } from '../ports.js';
import type { Db } from './database.js';

/**
 * The check a stage's own write makes in its savepoint (the identity ledger's, the rotation's): the
 * job's lease is still ours. A worker that lost it (its lease ran out, another claimed the job)
 * writes nothing more for the job.
 */
export function createLeaseCheck(db: Db, workspaceId: string): (job: Job, owner: string) => void {
  const owner = db.prepare('SELECT lease_owner FROM jobs WHERE workspace_id = ? AND id = ?').pluck();
  return (job, holder) => {
    if (owner.get(workspaceId, job.id) !== holder) throw new LeaseLostError(job.id);
  };
}
