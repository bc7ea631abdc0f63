#!/usr/bin/env node
/**
 * bench/crm-sync — leads to a CRM sandbox under the vendor's limits, in batch and in realtime
 * mode, over real HTTP: HubSpot (free tier, 100 requests / 10 s), Salesforce and Zoho CRM.
 *
 * For each CRM and mode: N leads go through the real pipeline (example config, the CRM account's
 * sync jobs held back), then the clock starts and one worker runs only their sync jobs until none
 * is left. Printed, one table per CRM: API calls per lead (the sandbox's own request log, token
 * calls apart), throttling answers received, wall time and the rate-limit floor — what those calls
 * could not have beaten — and, for the daily limits, how many such leads a day's allocation holds.
 *
 *   - HubSpot: floor = (⌈calls ÷ 100⌉ − 1) × 10 s (the free tier's window).
 *   - Salesforce: no per-second limit; a rolling 24 h API request allocation (Enterprise:
 *     100,000 + 1,000 per licence; 10 licences here = 110,000) and 25 concurrent requests longer than
 *     20 s (ours last milliseconds: not binding). Floor = the connector's own pace, 50 requests / s
 *     (salesforce/config.ts): (⌈calls ÷ 50⌉ − 1) s. Leads / day = 110,000 ÷ calls per lead.
 *   - Zoho: API credits per rolling 24 h (Enterprise: 50,000 + 1,000 per licence, 10 licences =
 *     60,000; an upsert costs 1 credit per 10 records) and 20 concurrent calls (modelled as 200
 *     requests / s, on both sides). Floor = (⌈calls ÷ 200⌉ − 1) s. Leads / day = 60,000 ÷ credits
 *     per lead.
 *
 *   npm run build && node bench/crm-sync.mjs [batchLeads=20000] [realtimeLeads=500] [--crm=hubspot,salesforce,zoho]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { loadConfig } from '../dist/config/loader.js';
import { systemClock } from '../dist/lib/clock.js';
import { CRM_MODULES, mountSandboxes, sandboxPath } from '../dist/connectors/registry.js';
import { createSyncDriver } from '../dist/connectors/sync-runner.js';
import { buildStages, pipelineStages } from '../dist/pipeline/stages/index.js';
import { createWorker } from '../dist/pipeline/worker.js';
import { createSqliteStore } from '../dist/storage/sqlite/index.js';
import { lead, loadLeads } from './lib/leads.mjs';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const CRMS = (process.argv.find((a) => a.startsWith('--crm='))?.slice(6) ?? 'hubspot,salesforce,zoho').split(',');
const BATCH_N = Number(args[0] ?? 20_000);
const REALTIME_N = Number(args[1] ?? 500);

/** Per CRM: the sandbox's limit (class → window), the pace the floor is computed from, the account's config, the daily allocation. */
const PROFILES = {
  hubspot: {
    title: 'HubSpot sandbox at 100 requests / 10 s (free tier, budget sized from tier "free")',
    sandboxLimits: { default: { limit: 100, intervalMs: 10_000 } },
    pace: { limit: 100, intervalMs: 10_000 },
    account: (base, mode) => ({ ...base.crm.accounts.hubspot, tier: 'free', mode, batch: { size: 100, flushSeconds: 5 } }),
    daily: null,
    throttled: (kit) => kit.counters.byStatus['429'] ?? 0,
  },
  salesforce: {
    title: 'Salesforce sandbox (Enterprise, 10 licences: 110,000 API requests / 24 h; no per-second limit; the connector paces itself at 50 / s)',
    sandboxLimits: { default: { limit: 50, intervalMs: 1_000 } },
    pace: { limit: 50, intervalMs: 1_000 },
    account: (base, mode) => ({ ...base.crm.accounts.salesforce, dailyApiRequests: 110_000, mode, batch: { size: 100, flushSeconds: 5 } }),
    daily: { allocation: 110_000, unit: 'requests' },
    throttled: (kit) => kit.counters.byStatus['403'] ?? 0,
  },
  zoho: {
    title: 'Zoho CRM sandbox (Enterprise, 10 licences: 60,000 credits / 24 h; 20 concurrent calls, modelled as 200 requests / s)',
    sandboxLimits: { default: { limit: 200, intervalMs: 1_000 } },
    pace: { limit: 200, intervalMs: 1_000 },
    account: (base, mode) => ({ ...base.crm.accounts.zoho, edition: 'enterprise', licenses: 10, mode, batch: { size: 100, flushSeconds: 5 } }),
    daily: { allocation: 60_000, unit: 'credits' },
    throttled: (kit) => kit.counters.byStatus['429'] ?? 0,
  },
};
const config = loadConfig({ file: fileURLToPath(new URL('../leadwire.config.example.yaml', import.meta.url)), example: true }, {});
const quiet = { info() {}, warn() {}, error() {}, debug() {}, child() { return quiet; } };

async function run(crm, mode, n) {
  const profile = PROFILES[crm];
  const app = Fastify({ logger: false });
  const kits = await mountSandboxes(app, [crm]);
  const kit = kits.get(crm);
  kit.limits = { ...kit.limits, ...profile.sandboxLimits };
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const dir = mkdtempSync(join(tmpdir(), 'leadwire-bench-crm-'));
  const store = createSqliteStore({ file: join(dir, 'leadwire.db'), workspaceId: 'default', clock: systemClock, synchronous: 'NORMAL' });
  // The registry's wiring, keeping the HTTP client for its budget (Zoho's credits).
  const module = CRM_MODULES[crm];
  const accountConfig = module.accountSchema.parse(profile.account(config, mode));
  const { connector, http } = module.createConnector({ account: crm, config: accountConfig, baseUrl: `${address}${sandboxPath(crm)}`, sandbox: true, logger: quiet, clock: Date.now });
  const accounts = [{ id: crm, kind: crm, config: accountConfig, connector, mapping: accountConfig.mapping ?? module.defaultMapping, sandbox: true }];
  await connector.ensureCustomFields();
  const log = quiet;
  const base = { queue: store, worker: { ...config.worker, concurrency: 64, pollIntervalMs: 20 }, retry: config.retry, clock: systemClock, log };

  // 1. The pipeline, sync jobs held back (no sync driver yet); follow-up steps acknowledged.
  await loadLeads(store, n, (i) => ({ ...lead(i), company: undefined }));
  const pipeline = createWorker({ ...base, stages: buildStages(pipelineStages({ config, store, accounts })), steps: { run: async () => ({ status: 'followup-skipped', detail: { reason: 'bench' } }) } });
  pipeline.start();
  const probe = new Database(join(dir, 'leadwire.db'), { readonly: true });
  const otherWork = probe.prepare("SELECT EXISTS (SELECT 1 FROM jobs WHERE workspace_id = 'default' AND kind <> 'sync' AND run_at <= ?)").pluck();
  await until(async () => !otherWork.get(Date.now()) && (await store.stats()).leased === 0);
  probe.close();
  await pipeline.stop();
  const jobs = (await store.pendingJobs('sync:')).count;
  Object.assign(kit.counters, { requests: 0, byStatus: {}, byRoute: {}, injected: {} });
  const creditsBefore = http.budget.snapshot().dailyUsed;

  // 2. Only the sync jobs, timed. (The pipeline ran with no sync driver: companies were not yet
  // looked up, the custom fields exist.)
  let synced = 0;
  const driver = createSyncDriver({ accounts, store, routing: config.routing, clock: Date.now, log });
  const syncer = createWorker({ ...base, stages: buildStages({}), steps: { run: async () => ({ status: 'followup-skipped', detail: {} }) }, sync: driver, observer: { recorded: (status) => { if (status === 'synced') synced += 1; } } });
  const t0 = performance.now();
  syncer.start();
  await until(async () => (await store.pendingJobs('sync:')).count === 0 && (await store.stats()).leased === 0);
  const wallS = (performance.now() - t0) / 1000;
  await syncer.stop();
  // Token calls (Salesforce's token endpoint is on the API mount) are not API calls.
  const tokenCalls = Object.entries(kit.counters.byRoute).filter(([route]) => route.includes('/oauth2/token')).reduce((a, [, c]) => a + c, 0);
  const calls = kit.counters.requests - tokenCalls;
  const throttled = profile.throttled(kit);
  // A client that starts with a full window sends its first `limit` calls at once, then `limit`
  // more per interval: the last call cannot leave before (⌈calls / limit⌉ − 1) intervals.
  const floorS = (Math.max(0, Math.ceil(calls / profile.pace.limit) - 1) * profile.pace.intervalMs) / 1000;
  // Daily units: Salesforce counts requests; Zoho credits (the connector's budget counts them as it sends).
  const units = crm === 'zoho' ? http.budget.snapshot().dailyUsed - creditsBefore : calls;
  const dead = (await store.stats()).openDeadLetters;
  await store.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  return { mode, n, jobs, synced, calls, perLead: calls / n, throttled, wallS, floorS, dead, units, perDay: profile.daily ? Math.floor(profile.daily.allocation / (units / n)) : null };
}

async function until(check) {
  for (;;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const crm of CRMS) {
  const profile = PROFILES[crm];
  if (!profile) throw new Error(`unknown CRM ${crm}: hubspot, salesforce or zoho`);
  const rows = [];
  if (BATCH_N > 0) rows.push(await run(crm, 'batch', BATCH_N));
  if (REALTIME_N > 0) rows.push(await run(crm, 'realtime', REALTIME_N));
  const daily = profile.daily;
  console.log(`bench/crm-sync — ${profile.title}, ${cpus().length} cores, Node ${process.version}`);
  console.log('');
  console.log(`| mode | leads | sync jobs | synced | API calls | calls / lead | ${crm === 'salesforce' ? '403s' : '429s'} | wall s | floor s | wall / floor |${daily ? ` ${daily.unit} / lead | leads / 24 h |` : ''} dead letters |`);
  console.log(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${daily ? '---:|---:|' : ''}---:|`);
  for (const r of rows) {
    const perDay = daily ? ` ${(r.units / r.n).toFixed(3)} | ${r.perDay.toLocaleString('en-US')} |` : '';
    console.log(`| ${r.mode} | ${r.n} | ${r.jobs} | ${r.synced} | ${r.calls} | ${r.perLead.toFixed(3)} | ${r.throttled} | ${r.wallS.toFixed(1)} | ${r.floorS.toFixed(1)} | ${r.floorS >= 1 ? (r.wallS / r.floorS).toFixed(3) : "—"} |${perDay} ${r.dead} |`);
  }
  console.log('');
}
