#!/usr/bin/env node
/**
 * bench/pipeline — leads through validate → enrich → dedupe → consent → score → route → (sync off)
 * → follow-up planning, on the embedded store, with the real stages and the example config.
 *
 * Loads N leads through the store's intake path (committed like the API does), then starts one
 * worker and measures until every pipeline job is done: leads/s, per-stage p50/p99 (from the
 * worker's own stage reports), CPU time per lead and peak RSS. Run: `npm run build && node bench/pipeline.mjs [N]`
 * (BENCH_CONCURRENCY=64, BENCH_SYNC=FULL|NORMAL, BENCH_KEEP=1 keeps the database for a look).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '../dist/config/loader.js';
import { systemClock } from '../dist/lib/clock.js';
import { buildStages, pipelineStages } from '../dist/pipeline/stages/index.js';
import { createWorker } from '../dist/pipeline/worker.js';
import { createSqliteStore } from '../dist/storage/sqlite/index.js';
import { lead, loadLeads } from './lib/leads.mjs';

const N = Number(process.argv[2] ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const config = loadConfig({ file: fileURLToPath(new URL('../leadwire.config.example.yaml', import.meta.url)), example: true }, {});
const dir = mkdtempSync(join(tmpdir(), 'leadwire-bench-pipeline-'));
const store = createSqliteStore({ file: join(dir, 'leadwire.db'), workspaceId: 'default', clock: systemClock, synchronous: process.env.BENCH_SYNC ?? 'FULL' });

const t0 = performance.now();
await loadLeads(store, N, lead);
const loadS = (performance.now() - t0) / 1000;

const durations = new Map();
let done = 0;
let finished;
const allDone = new Promise((resolve) => (finished = resolve));
const worker = createWorker({
  queue: store,
  stages: buildStages(pipelineStages({ config, store })),
  steps: { run: async () => ({ status: 'followup-sent', detail: {} }) },
  worker: { ...config.worker, concurrency: CONCURRENCY, pollIntervalMs: 20 },
  retry: config.retry,
  clock: systemClock,
  log: { info() {}, warn() {}, error() {}, debug() {} },
  observer: {
    stage(stage, outcome, ms) {
      if (outcome !== 'ok') return;
      let list = durations.get(stage);
      if (!list) durations.set(stage, (list = []));
      list.push(ms);
    },
    job(job, outcome) {
      if (job.kind === 'process' && outcome === 'completed') done++;
    },
  },
});
const t1 = performance.now();
const cpu0 = process.cpuUsage();
worker.start();
// Work remains while any job is due or leased (both have run_at <= now): one index probe, not a
// count over every scheduled follow-up step.
const probe = new Database(join(dir, 'leadwire.db'), { readonly: true });
const anyDue = probe.prepare("SELECT EXISTS (SELECT 1 FROM jobs WHERE workspace_id = 'default' AND run_at <= ?)").pluck();
const check = setInterval(() => {
  if (!anyDue.get(Date.now())) finished();
}, 200);
await allDone;
clearInterval(check);
probe.close();
const runS = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuMsPerLead = (cpu.user + cpu.system) / 1000 / N;
await worker.stop();
if (process.env.BENCH_KEEP) console.log('database kept at', join(dir, 'leadwire.db'));
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
console.log(`bench/pipeline — ${N} leads (1 in 10 a returning person), example config, CRM sync off, worker concurrency ${CONCURRENCY}, ${cpus().length} cores, Node ${process.version}`);
console.log('');
console.log('| leads | pipeline jobs done | load s (intake path) | pipeline s | leads/s | CPU ms / lead | peak RSS MB |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
console.log(`| ${N} | ${done} | ${loadS.toFixed(1)} | ${runS.toFixed(1)} | ${Math.round(N / runS)} | ${cpuMsPerLead.toFixed(2)} | ${peakRssMb.toFixed(0)} |`);
console.log('');
console.log('| stage | runs | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|');
for (const [stage, list] of durations) {
  list.sort((a, b) => a - b);
  console.log(`| ${stage} | ${list.length} | ${pct(list, 50).toFixed(3)} | ${pct(list, 99).toFixed(3)} |`);
}
await store.close();
if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
