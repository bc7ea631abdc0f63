import { LeaseLostError, type Job } from '../ports.js';
import type { Db } from './database.js';

/**
 * The check every write for a leased job makes in its savepoint (a checkpoint, a finished step, the
 * identity ledger's and the rotation's writes): the job's lease is still ours. A worker that lost it
 * (its lease ran out, another claimed the job) writes nothing more for the job.
 */
export function createLeaseCheck(db: Db, workspaceId: string): (job: Job, owner: string) => void {
  const owner = db.prepare('SELECT lease_owner FROM jobs WHERE workspace_id = ? AND id = ?').pluck();
  return (job, holder) => {
    if (owner.get(workspaceId, job.id) !== holder) throw new LeaseLostError(job.id);
  };
}
