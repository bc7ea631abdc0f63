#!/usr/bin/env node
/**
 * bench/crm-sync — leads to the HubSpot sandbox under the free tier's limit (100 requests / 10 s),
 * in batch and in realtime mode, over real HTTP.
 *
 * For each mode: N leads go through the real pipeline (example config, the CRM account's sync
 * jobs held back), then the clock starts and one worker runs only their sync jobs until none is
 * left. Printed: API calls per lead (the sandbox's own request log), 429s received, wall time and
 * the rate-limit floor ((⌈calls ÷ limit⌉ − 1) windows) — what those calls could not have beaten.
 *
 *   npm run build && node bench/crm-sync.mjs [batchLeads=20000] [realtimeLeads=500]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { loadConfig } from '../dist/config/loader.js';
import { systemClock } from '../dist/lib/clock.js';
import { buildAccounts, mountSandboxes } from '../dist/connectors/registry.js';
import { createSyncDriver } from '../dist/connectors/sync-runner.js';
import { buildStages, pipelineStages } from '../dist/pipeline/stages/index.js';
import { createWorker } from '../dist/pipeline/worker.js';
import { createSqliteStore } from '../dist/storage/sqlite/index.js';
import { lead, loadLeads } from './lib/leads.mjs';

const BATCH_N = Number(process.argv[2] ?? 20_000);
const REALTIME_N = Number(process.argv[3] ?? 500);
const LIMIT = { limit: 100, intervalMs: 10_000 };
const config = loadConfig({ file: fileURLToPath(new URL('../leadwire.config.example.yaml', import.meta.url)), example: true }, {});
const quiet = { info() {}, warn() {}, error() {}, debug() {}, child() { return quiet; } };

async function run(mode, n) {
  const app = Fastify({ logger: false });
  const kits = await mountSandboxes(app, ['hubspot']);
  const kit = kits.get('hubspot');
  kit.limits = { ...kit.limits, default: LIMIT };
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const dir = mkdtempSync(join(tmpdir(), 'leadwire-bench-crm-'));
  const store = createSqliteStore({ file: join(dir, 'leadwire.db'), workspaceId: 'default', clock: systemClock, synchronous: 'NORMAL' });
  const accounts = buildAccounts({ hubspot: { ...config.crm.accounts.hubspot, tier: 'free', mode, batch: { size: 100, flushSeconds: 5 } } }, { sandboxBaseUrl: address, logger: quiet, clock: Date.now });
  await accounts[0].connector.ensureCustomFields();
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
  const calls = kit.counters.requests;
  const r429 = kit.counters.byStatus['429'] ?? 0;
  // A client that starts with a full window sends its first `limit` calls at once, then `limit`
  // more per interval: the last call cannot leave before (⌈calls / limit⌉ − 1) intervals.
  const floorS = (Math.max(0, Math.ceil(calls / LIMIT.limit) - 1) * LIMIT.intervalMs) / 1000;
  const dead = (await store.stats()).openDeadLetters;
  await store.close();
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  return { mode, n, jobs, synced, calls, perLead: calls / n, r429, wallS, floorS, dead };
}

async function until(check) {
  for (;;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const rows = [];
if (BATCH_N > 0) rows.push(await run('batch', BATCH_N));
if (REALTIME_N > 0) rows.push(await run('realtime', REALTIME_N));
console.log(`bench/crm-sync — HubSpot sandbox at ${LIMIT.limit} requests / ${LIMIT.intervalMs / 1000} s (free tier, budget sized from tier "free"), ${cpus().length} cores, Node ${process.version}`);
console.log('');
console.log('| mode | leads | sync jobs | synced | API calls | calls / lead | 429s | wall s | floor s | wall / floor | dead letters |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.mode} | ${r.n} | ${r.jobs} | ${r.synced} | ${r.calls} | ${r.perLead.toFixed(3)} | ${r.r429} | ${r.wallS.toFixed(1)} | ${r.floorS.toFixed(1)} | ${(r.wallS / r.floorS).toFixed(3)} | ${r.dead} |`);
