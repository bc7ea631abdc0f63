import { syncJobKey, syncTargets, type CrmAccount } from '../../connectors/sync-runner.js';
import { syncBlocked } from '../../connectors/sync-plan.js';
import type { Stage } from '../stage.js';

/**
 * sync: hands the lead to each enabled CRM account as its own `sync` job (key
 * `sync:<account>:<leadId>`), so every CRM has its own queue, budget and failures — one CRM's
 * outage never holds up another, nor the follow-up. Realtime accounts get the job now; batch
 * accounts at the next flush; `auto` accounts now when the lead would get a deal (hot, high score or buying intent).
 */
export function syncStage(accounts: readonly CrmAccount[]): Stage {
  return {
    name: 'sync',
    run({ lead, submission, now }) {
      const blocked = syncBlocked(lead);
      if (blocked) return { status: 'sync-skipped', detail: { reason: blocked } };
      const targets = syncTargets(accounts, lead);
      if (targets.length === 0) return { status: 'sync-skipped', detail: { reason: 'no CRM account enabled' } };
      return {
        status: 'sync-queued',
        schedule: targets.map(({ account, batched }) => ({
          kind: 'sync' as const,
          key: syncJobKey(account.id, lead.id),
          runAt: batched ? now + account.config.batch.flushSeconds * 1000 : now,
          payload: { account: account.id, submissionId: submission.id },
        })),
        detail: { accounts: targets.map(({ account, batched }) => ({ account: account.id, crm: account.kind, mode: batched ? 'batch' : 'realtime' })) },
      };
    },
  };
}
