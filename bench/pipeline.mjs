#!/usr/bin/env node
/**
 * bench/pipeline — leads through validate → enrich → dedupe → consent → score → route → (sync off)
 * → follow-up planning, on the embedded store, with the real stages and the example config.
 *
 * Loads N leads through the store's intake path (committed like the API does), then starts one
 * worker that claims pipeline jobs only and measures until every pipeline job is done: leads/s,
 * per-stage p50/p99 (from the worker's own stage reports), CPU time per lead and peak RSS. Then,
 * apart, one worker runs the follow-up steps that came due meanwhile (the plan's immediate steps;
 * the step runner here sends nothing) and prints steps/s. Run: `npm run build && node bench/pipeline.mjs [N]`
 * (BENCH_CONCURRENCY=64 per worker, BENCH_SYNC=FULL|NORMAL, BENCH_KEEP=1 keeps the database for a look;
 * BENCH_WORKERS=2 adds worker processes on the same database, as `leadwire worker` scales out —
 * each opens its own connection with synchronous=NORMAL, like a worker-only process). Node runs
 * with `npm start`'s 4 MB young generation (the bench adds the flag itself when it is missing) and
 * the heap growth bound every worker process sets (src/cli/heap.ts).
 */
import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { boundHeapGrowth } from '../dist/cli/heap.js';
import { loadConfig } from '../dist/config/loader.js';
import { systemClock } from '../dist/lib/clock.js';
import { buildStages, pipelineStages } from '../dist/pipeline/stages/index.js';
import { createWorker } from '../dist/pipeline/worker.js';
import { createSqliteStore } from '../dist/storage/sqlite/index.js';
import { lead, loadLeads } from './lib/leads.mjs';

// The worker runs as `npm start` (and bench/intake's processes) run node: with a 4 MB young
// generation. A run without it starts itself again with it (and this process only waits).
const NODE_FLAG = '--max-semi-space-size=4';
if (!process.execArgv.some((a) => a.startsWith('--max-semi-space-size'))) {
  const run = spawnSync(process.execPath, [NODE_FLAG, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

// …and bounds its heap's growth as `leadwire start` and `leadwire worker` do.
boundHeapGrowth();

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const config = loadConfig({ file: fileURLToPath(new URL('../leadwire.config.example.yaml', import.meta.url)), example: true }, {});
const silent = { info() {}, warn() {}, error() {}, debug() {} };

/**
 * One worker with the real stages on `store`: stage durations and completed jobs are counted.
 * `pipelineOnly` leaves the follow-up steps the pipeline schedules for a later phase.
 */
function startWorker(store, pipelineOnly = true) {
  const durations = {};
  const counts = { done: 0, steps: 0 };
  const worker = createWorker({
    queue: store,
    pipelineOnly,
    stages: buildStages(pipelineStages({ config, store })),
    steps: { run: async () => ({ status: 'followup-sent', detail: {} }) },
    worker: { ...config.worker, concurrency: CONCURRENCY, pollIntervalMs: 20 },
    retry: config.retry,
    clock: systemClock,
    log: silent,
    observer: {
      stage(stage, outcome, ms) {
        if (outcome === 'ok') (durations[stage] ??= []).push(ms);
      },
      job(job, outcome) {
        if (job.kind === 'process' && outcome === 'completed') counts.done++;
        if (job.kind === 'step' && outcome === 'completed') counts.steps++;
      },
    },
  });
  worker.start();
  return { worker, durations, counts };
}

if (process.argv[2] === '--child') {
  // An extra worker process: runs until the parent says stop, then reports what it measured.
  const store = createSqliteStore({ file: process.argv[3], workspaceId: 'default', clock: systemClock, synchronous: 'NORMAL' });
  const cpu0 = process.cpuUsage();
  const run = startWorker(store);
  process.send({ ready: true });
  process.on('message', async () => {
    await run.worker.stop();
    const cpu = process.cpuUsage(cpu0);
    await store.close();
    // Exit only once the (large) report has been handed to the channel, or the parent never gets it.
    process.send({ durations: run.durations, done: run.counts.done, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }, () => process.exit(0));
  });
} else {
  await main();
}

async function main() {
  const N = Number(process.argv[2] ?? 100_000);
  const dir = mkdtempSync(join(tmpdir(), 'leadwire-bench-pipeline-'));
  const file = join(dir, 'leadwire.db');
  const store = createSqliteStore({ file, workspaceId: 'default', clock: systemClock, synchronous: process.env.BENCH_SYNC ?? 'FULL' });

  const t0 = performance.now();
  await loadLeads(store, N, lead);
  const loadS = (performance.now() - t0) / 1000;

  const children = Array.from({ length: WORKERS - 1 }, () => fork(fileURLToPath(import.meta.url), ['--child', file], { execArgv: process.execArgv }));
  await Promise.all(children.map((child) => new Promise((resolve) => child.once('message', resolve))));
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  const own = startWorker(store);
  // Pipeline work remains while a lead's own job or a survivor's merge job exists: two probes of
  // the job key index, not a scan over every scheduled follow-up step.
  const probe = new Database(file, { readonly: true });
  const anyPipeline = probe.prepare("SELECT EXISTS (SELECT 1 FROM jobs WHERE workspace_id = 'default' AND ((key >= 'process:' AND key < 'process;') OR (key >= 'merge:' AND key < 'merge;')))").pluck();
  await until(() => !anyPipeline.get());
  const runS = (performance.now() - t1) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await own.worker.stop();
  const reports = await Promise.all(children.map((child) => new Promise((resolve) => (child.once('message', resolve), child.send('stop')))));

  // The follow-up steps due by now (the confirmation and the CRM task of each lead), run apart.
  const due = probe.prepare("SELECT count(*) FROM jobs WHERE workspace_id = 'default' AND kind = 'step' AND run_at <= ?").pluck();
  const stepsDue = due.get(Date.now());
  const t2 = performance.now();
  const stepper = startWorker(store, false);
  // Work remains while any job is due or leased (both have run_at <= now): one index probe.
  const anyDue = probe.prepare("SELECT EXISTS (SELECT 1 FROM jobs WHERE workspace_id = 'default' AND run_at <= ?)").pluck();
  await until(() => !anyDue.get(Date.now()));
  const stepsS = (performance.now() - t2) / 1000;
  await stepper.worker.stop();
  probe.close();
  const runs = [{ durations: own.durations, done: own.counts.done, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024 }, ...reports];
  const done = runs.reduce((n, r) => n + r.done, 0);
  const cpuMsPerLead = runs.reduce((n, r) => n + r.cpuMs, 0) / N;
  const peakRss = runs.map((r) => r.peakRssMb.toFixed(0)).join(' / ');
  if (process.env.BENCH_KEEP) console.log('database kept at', file);

  const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
  console.log(`bench/pipeline — ${N} leads (1 in 10 a returning person), example config, CRM sync off, ${WORKERS} worker process${WORKERS > 1 ? 'es' : ''} × concurrency ${CONCURRENCY}, ${cpus().length} cores, Node ${process.version} ${process.execArgv.join(' ')}`);
  console.log('');
  console.log(`| leads | pipeline jobs done | load s (intake path) | pipeline s | leads/s | CPU ms / lead | peak RSS MB${WORKERS > 1 ? ' (per process)' : ''} |`);
  console.log('|---:|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${N} | ${done} | ${loadS.toFixed(1)} | ${runS.toFixed(1)} | ${Math.round(N / runS)} | ${cpuMsPerLead.toFixed(2)} | ${peakRss} |`);
  console.log('');
  console.log('| stage | runs | p50 ms | p99 ms |');
  console.log('|---|---:|---:|---:|');
  const stages = Object.keys(own.durations);
  for (const stage of stages) {
    const list = runs.flatMap((r) => r.durations[stage] ?? []).sort((a, b) => a - b);
    console.log(`| ${stage} | ${list.length} | ${pct(list, 50).toFixed(3)} | ${pct(list, 99).toFixed(3)} |`);
  }
  const steps = (stepper.durations['follow-up'] ?? []).sort((a, b) => a - b);
  console.log('');
  console.log('Follow-up steps, run afterwards by one worker process until none is due (the bench\'s step runner sends nothing; more come due meanwhile):');
  console.log('');
  console.log('| steps due when the pipeline ended | steps run | s | steps/s | p50 ms | p99 ms |');
  console.log('|---:|---:|---:|---:|---:|---:|');
  console.log(`| ${stepsDue} | ${stepper.counts.steps} | ${stepsS.toFixed(1)} | ${Math.round(stepper.counts.steps / stepsS)} | ${pct(steps, 50).toFixed(3)} | ${pct(steps, 99).toFixed(3)} |`);
  await store.close();
  if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
}

/** Resolves once `done()` holds, checked every 200 ms. */
function until(done) {
  return new Promise((resolve) => {
    const check = setInterval(() => {
      if (done()) (clearInterval(check), resolve());
    }, 200);
  });
}
