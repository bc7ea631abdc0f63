#!/usr/bin/env node
/**
 * bench/pipeline — leads through validate → enrich → dedupe → consent → score → route → (sync off)
 * → follow-up planning, on the embedded store, with the real stages and the example config.
 *
 * Loads N leads through the store's intake path (committed like the API does), then starts one
 * worker and measures until every pipeline job is done: leads/s, per-stage p50/p99 (from the
 * worker's own stage reports), and peak RSS. Run: `npm run build && node bench/pipeline.mjs [N]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { loadConfig } from '../dist/config/loader.js';
import { systemClock } from '../dist/lib/clock.js';
import { canonicalJson, sha256Hex } from '../dist/lib/hash.js';
import { buildStages, pipelineStages } from '../dist/pipeline/stages/index.js';
import { createWorker } from '../dist/pipeline/worker.js';
import { createSqliteStore } from '../dist/storage/sqlite/index.js';

const N = Number(process.argv[2] ?? 100_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const config = loadConfig({ file: fileURLToPath(new URL('../leadwire.config.example.yaml', import.meta.url)), example: true }, {});
const dir = mkdtempSync(join(tmpdir(), 'leadwire-bench-pipeline-'));
const store = createSqliteStore({ file: join(dir, 'leadwire.db'), workspaceId: 'default', clock: systemClock, synchronous: 'FULL' });

const FIRST = ['Anna', 'Jan', 'Maria', 'Piotr', 'Katarzyna', 'Tomasz', 'Olivia', 'James', 'Sofia', 'Lukas', 'Ewa', 'Marek'];
const LAST = ['Kowalska', 'Nowak', 'Wiśniewska', 'Wójcik', 'Smith', 'Müller', 'García', 'Rossi', 'Dubois', 'Jones', 'Zielińska', 'Lewandowski'];
const LAST_SUFFIX = ['', 'ski', 'czyk', 'ewicz', 'iak', 'son', 'berg', 'ton', 'ley', 'ford'];
const WORD1 = ['Nowa', 'Polska', 'Global', 'Smart', 'Blue', 'Green', 'Prime', 'Delta', 'Nord', 'Vista', 'Terra', 'Alpha', 'Mega', 'Opti', 'Bio'];
const WORD2 = ['Technika', 'Logistyka', 'Systems', 'Foods', 'Media', 'Energia', 'Finance', 'Design', 'Software', 'Budowa', 'Health', 'Retail', 'Motors', 'Labs', 'Consulting', 'Group', 'Trade', 'Solutions', 'Data', 'Print'];
const FORMS = ['sp. z o.o.', 'S.A.', 'GmbH', 'Ltd', 'Inc.'];
const companyOf = (p) => `${WORD1[p % WORD1.length]} ${WORD2[Math.floor(p / 15) % WORD2.length]} ${FORMS[p % FORMS.length]}`;
const TITLES = ['CEO', 'Head of Sales', 'Marketing Manager', 'CTO', 'Office Manager'];
const COUNTRIES = ['PL', 'PL', 'PL', 'DE', 'GB', 'US'];

/** 1 in 10 submissions is a returning person (same email, different formatting): dedup merges it. */
function lead(n) {
  const person = n % 10 === 9 ? n - 9 : n;
  const first = FIRST[person % FIRST.length];
  const last = LAST[Math.floor(person / 12) % LAST.length] + LAST_SUFFIX[Math.floor(person / 144) % LAST_SUFFIX.length];
  return {
    email: `${first}.${last}.${person}@firma-${person % 997}.pl`.replace(/[^\x00-\x7f]/g, 'x')[n % 10 === 9 ? 'toUpperCase' : 'toLowerCase'](),
    phone: `+48 6${String(10_000_000 + person).slice(-8)}`,
    firstName: first,
    lastName: last,
    company: companyOf(Math.floor(person / 7)),
    jobTitle: TITLES[person % TITLES.length],
    country: COUNTRIES[person % COUNTRIES.length],
    budget: person % 3 === 0 ? '50 000 PLN' : undefined,
    message: 'Dzień dobry, proszę o ofertę i kontakt w tym tygodniu. Interesuje nas wdrożenie dla 20 osób.',
    landingUrl: `https://www.example.com/pricing?utm_source=google&utm_medium=cpc&utm_campaign=c${person % 7}&gclid=x${person}`,
    consent: { contact: true, marketing: person % 2 === 0, policyVersion: '2026-01' },
    custom: {},
  };
}

const t0 = performance.now();
for (let from = 0; from < N; from += 2000) {
  const batch = [];
  for (let n = from; n < Math.min(N, from + 2000); n++) {
    const input = lead(n);
    batch.push(store.acceptLead({ sourceId: 'demo', input, meta: { ip: '203.0.113.7', userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15' }, bodyHash: sha256Hex(canonicalJson(input)), dedupWindowMs: 0, idempotencyTtlMs: 1 }));
  }
  await Promise.all(batch);
}
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
await worker.stop();
const peakRssMb = process.resourceUsage().maxRSS / 1024;

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
console.log(`bench/pipeline — ${N} leads (1 in 10 a returning person), example config, CRM sync off, worker concurrency ${CONCURRENCY}, ${cpus().length} cores, Node ${process.version}`);
console.log('');
console.log('| leads | pipeline jobs done | load s (intake path) | pipeline s | leads/s | peak RSS MB |');
console.log('|---:|---:|---:|---:|---:|---:|');
console.log(`| ${N} | ${done} | ${loadS.toFixed(1)} | ${runS.toFixed(1)} | ${Math.round(N / runS)} | ${peakRssMb.toFixed(0)} |`);
console.log('');
console.log('| stage | runs | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|');
for (const [stage, list] of durations) {
  list.sort((a, b) => a - b);
  console.log(`| ${stage} | ${list.length} | ${pct(list, 50).toFixed(3)} | ${pct(list, 99).toFixed(3)} |`);
}
await store.close();
rmSync(dir, { recursive: true, force: true });
