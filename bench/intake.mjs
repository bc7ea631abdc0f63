#!/usr/bin/env node
/**
 * bench/intake — durable lead intake over a real socket.
 *
 * Starts the built service as child processes on a fresh database, drives POST /v1/leads with
 * autocannon using realistic, all-distinct lead bodies, and prints one table row per scenario:
 * accepted (durably committed, 202) leads/s, latency percentiles, errors, and the server's peak RSS
 * (VmHWM). Afterwards it counts the stored leads to check that every 202 is in the database.
 *
 *   npm run bench                   # all scenarios, 10 s each
 *   BENCH_SECONDS=20 npm run bench
 *   BENCH_ONLY="one process" npm run bench   # only the scenarios whose name contains the text
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';

const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const KEY = 'bench-key-000000';
const CONFIG = `
sources:
  demo:
    keys: [${KEY}]
    rateLimit: { perKey: { points: 1000000, windowSeconds: 1 } }
logging: { level: warn }
`;

const FIRST = ['Anna', 'Jan', 'Maria', 'Piotr', 'Katarzyna', 'Tomasz', 'Olivia', 'James', 'Sofia', 'Lukas'];
const LAST = ['Kowalska', 'Nowak', 'Wiśniewska', 'Wójcik', 'Smith', 'Müller', 'García', 'Rossi', 'Dubois', 'Jones'];
const COMPANY = ['Acme sp. z o.o.', 'Globex S.A.', 'Initech GmbH', 'Umbrella Ltd', 'Stark Industries', 'Wayne Enterprises'];
const MESSAGES = [
  'Dzień dobry, proszę o ofertę na wdrożenie systemu dla 25 handlowców. Budżet ok. 50 tys. zł, start w przyszłym kwartale.',
  'Hi, we are evaluating lead routing tools for our SDR team (12 people). Could we book a demo next week? We use HubSpot.',
  'Potrzebujemy integracji formularzy z Salesforce i szybkiego kontaktu z klientem. Czy możliwa jest rozmowa jutro?',
  'Looking for pricing for the enterprise plan, around 40 seats, EU data residency required. Timeline: this quarter.',
];
const UTM = [
  { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand-pl' },
  { utm_source: 'linkedin', utm_medium: 'paid-social', utm_campaign: 'q4-webinar' },
  { utm_source: 'newsletter', utm_medium: 'email', utm_campaign: 'november' },
];

let counter = 0;
function leadBody() {
  const n = counter++;
  const first = FIRST[n % FIRST.length];
  const last = LAST[(n >> 3) % LAST.length];
  return JSON.stringify({
    email: `${first.toLowerCase()}.${n}@example-${n % 97}.com`,
    phone: `+48 600 ${String(100000 + (n % 899999)).slice(0, 3)} ${String(n % 1000).padStart(3, '0')}`,
    firstName: first,
    lastName: last,
    company: COMPANY[n % COMPANY.length],
    jobTitle: n % 2 ? 'Head of Sales' : 'Marketing Manager',
    message: MESSAGES[n % MESSAGES.length],
    country: 'PL',
    ...UTM[n % UTM.length],
    landingUrl: `https://www.example.com/pricing?ref=${n % 13}`,
    consent: { contact: true, marketing: n % 3 === 0, policyVersion: '2026-01' },
  });
}

function start(command, dir) {
  const config = join(dir, 'leadwire.config.yaml');
  writeFileSync(config, CONFIG);
  // As `npm start` runs it: a 4 MB young generation keeps peak RSS down at no cost in latency.
  const child = spawn(process.execPath, ['--max-semi-space-size=4', CLI, command, '--port', '0', '--config', config, '--data-dir', dir], {
    env: { ...process.env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const address = /"address":"([^"]+)"/.exec(line);
      if (address) resolve({ child, url: address[1] });
      if (command === 'worker' && line.includes('worker started')) resolve({ child, url: null });
    });
    child.once('exit', (code) => reject(new Error(`${command} exited ${code}`)));
  });
}

const peakRssMb = (pid) => {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
};

/** Runs autocannon and records every response time itself (autocannon reports no p95). */
function load(url, options) {
  const times = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/v1/leads`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': KEY },
        duration: options.seconds ?? SECONDS,
        connections: options.connections,
        overallRate: options.rate,
        requests: [{ setupRequest: (req) => ({ ...req, body: leadBody() }) }],
      },
      (error, result) => (error ? reject(error) : resolve({ result, times })),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function scenario(name, mode, options) {
  const dir = mkdtempSync(join(tmpdir(), 'leadwire-bench-'));
  const procs = [];
  try {
    const api = await start(mode === 'start' ? 'start' : 'api', dir);
    // 'api' alone: the intake's own capacity, with no worker competing for the two cores.
    procs.push(api);
    if (mode === 'api+worker') procs.push(await start('worker', dir));
    // Warm up the JIT and the database file before measuring.
    await load(api.url, { connections: 10, seconds: 2 });
    const db = new Database(join(dir, 'leadwire.db'), { readonly: true });
    const before = db.prepare('SELECT COUNT(*) FROM leads').pluck().get();
    const { result: r, times } = await load(api.url, options);
    times.sort((a, b) => a - b);
    const stored = db.prepare('SELECT COUNT(*) FROM leads').pluck().get() - before;
    const completed = db.prepare("SELECT COUNT(*) FROM leads WHERE status = 'completed'").pluck().get();
    const total = db.prepare('SELECT COUNT(*) FROM leads').pluck().get();
    db.close();
    const accepted = r['2xx'];
    return {
      name,
      mode,
      target: options.rate ? `${options.rate}/s` : 'max',
      connections: options.connections,
      acceptedPerSec: Math.round(accepted / r.duration),
      p50: percentile(times, 50).toFixed(2),
      p95: percentile(times, 95).toFixed(2),
      p99: percentile(times, 99).toFixed(2),
      errors: r.errors + r.timeouts + r.non2xx,
      // Requests still in flight when the clock stops are committed but not counted as 2xx.
      stored: stored >= accepted ? `all (${stored})` : `${stored}/${accepted}`,
      pipelined: mode === 'api' ? 'no worker' : `${Math.round((100 * completed) / total)}%`,
      rssApi: peakRssMb(api.child.pid),
      rssWorker: procs[1] ? peakRssMb(procs[1].child.pid) : null,
    };
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => new Promise((resolve) => (p.child.exitCode !== null ? resolve() : p.child.once('exit', resolve)))));
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
const scenarios = [
  ['max throughput, API only (`leadwire api`), no worker running', 'api', { connections: 50 }],
  ['max throughput, API + worker in one process (npm start)', 'start', { connections: 50 }],
  ['max throughput, API and worker as two processes', 'api+worker', { connections: 50 }],
  ['fixed 2,000 leads/s, one process', 'start', { connections: 50, rate: 2000 }],
  ['fixed 2,000 leads/s, two processes', 'api+worker', { connections: 50, rate: 2000 }],
];
// BENCH_ONLY=one runs only the scenarios whose name contains that text.
for (const [name, mode, options] of scenarios.filter(([name]) => !process.env.BENCH_ONLY || name.includes(process.env.BENCH_ONLY))) {
  process.stderr.write(`running: ${name} (${SECONDS}s)…\n`);
  rows.push(await scenario(name, mode, options));
}

const header = '| scenario | offered | conns | accepted leads/s | p50 ms | p95 ms | p99 ms | errors | 202s stored | pipeline done at end | peak RSS api MB | peak RSS worker MB |';
const lines = [
  `bench/intake — ${SECONDS}s per scenario, ${cpus().length} cores, Node ${process.version}, synchronous=FULL group commit`,
  '',
  header,
  '|---|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|',
  ...rows.map((r) => `| ${r.name} | ${r.target} | ${r.connections} | ${r.acceptedPerSec} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.stored} | ${r.pipelined} | ${r.rssApi.toFixed(0)} | ${r.rssWorker !== null ? r.rssWorker.toFixed(0) : r.mode === 'api' ? 'no worker' : '(same process)'} |`),
];
console.log(lines.join('\n'));
