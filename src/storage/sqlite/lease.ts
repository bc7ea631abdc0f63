import { RetryableError } from '../../pipeline/errors.js';
import { LeaseLostError, type Job } from '../ports.js';
import type { Db } from './database.js';

/**
 * The check a stage's own write makes in its savepoint (the identity ledger's, the rotation's): the
 * job's lease is still ours, and the job stands at the stage doing the write. The worker queues the
 * checkpoint before such a stage without awaiting it; should that checkpoint fail (its savepoint
 * rolls back alone), the job still stands at an earlier stage, and the stage's write must fail too —
 * it would otherwise point other leads at results that were never written.
 */
export function createLeaseCheck(db: Db, workspaceId: string): (job: Job, owner: string) => void {
  const row = db.prepare('SELECT lease_owner, stage FROM jobs WHERE workspace_id = ? AND id = ?');
  return (job, owner) => {
    const found = row.get(workspaceId, job.id) as { lease_owner: string | null; stage: string } | undefined;
    if (found?.lease_owner !== owner) throw new LeaseLostError(job.id);
    if (found.stage !== job.stage) {
      throw new RetryableError(`job ${job.id} stands at ${found.stage}, not ${job.stage}: the checkpoint before this stage did not commit`);
    }
  };
}
