import Fastify, { type FastifyInstance } from 'fastify';
import { buildAccounts, mountSandboxes } from '../../src/connectors/registry.js';
import type { SandboxKit } from '../../src/connectors/sandbox/kit.js';
import { createLogger } from '../../src/observability/logger.js';
import { testConfig } from '../helpers.js';
import { startPipeline, type Pipeline } from '../pipeline-harness.js';

/** The pipeline syncing in real time to the HubSpot sandbox over real HTTP (issue 7's end-to-end tests). */
export async function hubspotPipeline(yaml: string): Promise<{ p: Pipeline; sandboxes: FastifyInstance; hubspot: SandboxKit }> {
  const sandboxes = Fastify({ forceCloseConnections: true });
  const hubspot = (await mountSandboxes(sandboxes, ['hubspot'])).get('hubspot') as SandboxKit;
  const address = await sandboxes.listen({ port: 0, host: '127.0.0.1' });
  const config = testConfig(`${yaml}
crm:
  accounts:
    hubspot: { type: hubspot, mode: realtime }
`);
  const accounts = buildAccounts(config.crm.accounts, { sandboxBaseUrl: address, logger: createLogger('silent'), clock: Date.now });
  return { p: await startPipeline(config, undefined, { accounts }), sandboxes, hubspot };
}

/** Until no job is due or leased and no CRM sync is pending (the sync driver claims those). */
export async function settled(p: Pipeline): Promise<void> {
  do await p.drained();
  while ((await p.db.store.pendingJobs('sync:')).count > 0);
}
