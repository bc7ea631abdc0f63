import { appendFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../src/config/loader.js';
import { buildAccounts } from '../src/connectors/registry.js';
import type { SandboxFaults, SandboxKit } from '../src/connectors/sandbox/kit.js';
import type { CrmAccount } from '../src/connectors/sync-runner.js';
import { createLogger } from '../src/observability/logger.js';
import { ADMIN_KEY, BASE_CONFIG, DEMO_KEY, testConfig } from './helpers.js';
import { startPipeline, type Pipeline } from './pipeline-harness.js';

/**
 * The CRM chaos driver, one for every CRM: N leads through the whole pipeline into each CRM's
 * sandbox over real HTTP while a share of the CRM's requests fail (each CRM's `faults`: 5xx,
 * throttling, timeouts, connection resets, half of the lost answers after the write), search lags
 * writes where the CRM has laggy search, background `pressure` runs (forced access-token expiry
 * for the OAuth CRMs), and a third of the way in each CRM that can `revoke` its credential does
 * so until its account has paused (alerted); then the credential works again and the account
 * resumes. Every lead must land in each CRM exactly once, with one note and one task, and nothing
 * may end in the dead-letter queue.
 */

/** One CRM in a chaos run: its sandbox, its faults and how to read back what landed. */
export interface ChaosCrm {
  /** Account id (= the CRM kind). */
  id: string;
  /** The account's YAML under `crm.accounts`. */
  yaml: string;
  kit: SandboxKit;
  faults: Partial<SandboxFaults>;
  /** Register the sandbox (and its accounts server) on the sandboxes' app. */
  register(app: FastifyInstance): Promise<void>;
  /** The account (default: the registry's, against the sandbox at `address`). */
  account?(config: Config, address: string): CrmAccount;
  /** Make the credential stop working / work again. */
  revoke?(): void;
  restore?(): void;
  /** Start background pressure (forced token expiry); answers its stop function. */
  pressure?(): () => void;
  /** Lead records in the CRM (email and record id), how many notes / tasks each has, and all notes / tasks. */
  landed(): { persons: Array<{ id: string; email: string }>; notes: Map<string, number>; tasks: Map<string, number>; totals: { notes: number; tasks: number } };
  /** Figures for the run's report (refreshes, 401s …) and the CRM's own checks of them. */
  report?(): Record<string, unknown>;
  check?(report: Record<string, unknown>): void;
}

export interface ChaosOptions {
  leads: number;
  /** Worker concurrency and retries for the run. */
  concurrency?: number;
}

export const CHAOS_LEADS = (fallback: number): number => Number(process.env.CHAOS_LEADS ?? fallback);

export function crmChaos(title: string, makeCrms: () => ChaosCrm[], options: ChaosOptions): void {
  const LEADS = options.leads;
  describe(title, () => {
    let sandboxes: FastifyInstance;
    let pipeline: Pipeline;
    let crms: ChaosCrm[];
    const auth: string[] = [];
    const t0 = performance.now();

    beforeAll(async () => {
      crms = makeCrms();
      sandboxes = Fastify({ forceCloseConnections: true, bodyLimit: 8 * 1024 * 1024 });
      for (const crm of crms) await crm.register(sandboxes);
      const address = await sandboxes.listen({ port: 0, host: '127.0.0.1' });
      const concurrency = options.concurrency ?? 16;
      const base = BASE_CONFIG.replace(/^worker:.*$/m, `worker: { concurrency: ${concurrency}, leaseMs: 5000, pollIntervalMs: 20, shutdownDeadlineMs: 2000 }`).replace(/^retry:.*$/m, 'retry: { baseDelayMs: 20, maxDelayMs: 400, maxAttempts: 8 }');
      const config = testConfig(`\ncrm:\n  authProbeSeconds: 0.2\n  accounts:\n${crms.map((c) => `    ${c.id}: ${c.yaml}`).join('\n')}\n`, base);
      const logger = createLogger('silent');
      const accounts = crms.map((crm) => crm.account?.(config, address) ?? buildAccounts({ [crm.id]: config.crm.accounts[crm.id]! }, { sandboxBaseUrl: address, logger, clock: Date.now })[0]!);
      pipeline = await startPipeline(config, undefined, { accounts, concurrency, onAuth: (account, state) => auth.push(`${account}:${state}@${((performance.now() - t0) / 1000).toFixed(1)}`) });
      // Custom fields first, without faults (as `leadwire crm setup` would), then the chaos.
      for (const account of accounts) {
        await account.connector.ensureCustomFields();
        debug(`${account.id}: custom fields ready`);
      }
      for (const crm of crms) crm.kit.faults = { ...crm.kit.faults, ...crm.faults };
    }, 60_000);

    afterAll(async () => {
      await pipeline?.close();
      await sandboxes?.close();
    });

    it(`lands ${LEADS} leads in each CRM exactly once, with a note and a task, through faults and credential trouble`, async () => {
      const started = performance.now();
      const since = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
      const phases: string[] = [];
      const stops = crms.map((crm) => crm.pressure?.() ?? (() => undefined));
      if (process.env.CHAOS_DEBUG) {
        // CHAOS_DEBUG=<file>: progress every 5 s (jobs waiting per account, requests each sandbox saw).
        const timer = setInterval(() => {
          void Promise.all(crms.map(async (c) => `${c.id} ${(await pipeline.db.store.pendingJobs(`sync:${c.id}:`)).count} pending, ${c.kit.counters.requests} requests`)).then((lines) => debug(`${since()}: ${lines.join('; ')}; auth ${auth.join(' ')} ${JSON.stringify(jobsOf(pipeline.db.file))}`));
        }, 5_000);
        stops.push(() => clearInterval(timer));
      }
      const revocable = crms.filter((crm) => crm.revoke && crm.restore);
      const emails: string[] = [];
      try {
        for (let i = 0; i < LEADS; i += 1) {
          const email = `chaos.lead${i}@firma${i % 37}.pl`;
          emails.push(email);
          const res = await pipeline.app.inject({
            method: 'POST',
            url: '/v1/leads',
            headers: { 'x-api-key': DEMO_KEY },
            payload: { email, firstName: 'Lena', lastName: `Chaos${i}`, phone: `+48 6${String(10_000_000 + i).slice(-8)}`, company: `Firma ${i % 37} sp. z o.o.`, country: 'PL', message: 'Prosimy o ofertę' },
          });
          expect(res.statusCode).toBe(202);
          // A third of the way in, the credentials stop working (later leads cannot land without them).
          if (i === Math.floor(LEADS / 3)) for (const crm of revocable) crm.revoke!();
        }
        phases.push(`posted ${since()}`);
        debug(phases.at(-1)!);
        await until(() => revocable.every((crm) => auth.some((a) => a.startsWith(`${crm.id}:paused`))));
        phases.push(`paused ${since()}`);
        debug(phases.at(-1)!);
        for (const crm of revocable) crm.restore!();
        await until(async () => {
          const stats = await pipeline.db.store.stats();
          return stats.due + stats.leased === 0 && (await pipeline.db.store.pendingJobs('sync:')).count === 0;
        });
      } finally {
        for (const stop of stops) stop();
        for (const crm of crms) crm.kit.faults = { ...crm.kit.faults, statusRates: {}, timeoutRate: 0, resetRate: 0 };
      }
      const seconds = (performance.now() - started) / 1000;

      const reports = Object.fromEntries(crms.map((crm) => [crm.id, { injected: crm.kit.counters.injected, answered: { ...crm.kit.counters.byStatus }, ...(crm.report?.() ?? {}) }]));
      console.log(`${title}: ${LEADS} leads in ${seconds.toFixed(1)} s; dead letters ${pipeline.db.count('dead_letters')}; auth ${auth.join(' ')}; ${phases.join(', ')}\n${JSON.stringify(reports, null, 1)}`);

      for (const crm of revocable) for (const state of ['paused', 'resumed']) expect(auth.some((a) => a.startsWith(`${crm.id}:${state}`)), `${crm.id} ${state}`).toBe(true);
      expect(pipeline.db.count('dead_letters')).toBe(0);
      for (const crm of crms) {
        const injected = Object.values(crm.kit.counters.injected).reduce((a, b) => a + b, 0);
        expect(injected, `${crm.id}: faults injected`).toBeGreaterThan(0);
        // One record per email, and one note and one task on each.
        const { persons, notes, tasks, totals } = crm.landed();
        expect(persons.length, `${crm.id}: persons`).toBe(LEADS);
        expect(new Set(persons.map((p) => p.email)), `${crm.id}: emails`).toEqual(new Set(emails));
        const wrong = persons.filter((p) => notes.get(p.id) !== 1 || tasks.get(p.id) !== 1).map((p) => `${p.id}: ${notes.get(p.id) ?? 0} notes, ${tasks.get(p.id) ?? 0} tasks`);
        expect(wrong, `${crm.id}: notes and tasks per person`).toEqual([]);
        expect(totals, `${crm.id}: notes and tasks in all`).toEqual({ notes: LEADS, tasks: LEADS });
        crm.check?.(reports[crm.id]!);
      }

      // Every lead shows each CRM's id.
      const res = await pipeline.app.inject({ method: 'GET', url: '/v1/leads?limit=5', headers: { 'x-api-key': ADMIN_KEY } });
      for (const lead of res.json().items as Array<{ crmIds: Record<string, string> }>) expect(Object.keys(lead.crmIds).sort()).toEqual(crms.map((c) => c.id).sort());
    }, 1_800_000);
  });
}

/** Count values of `key(record)` over records. */
export function countBy<T>(records: T[], key: (record: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of records) {
    const k = key(r);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}

const debug = (line: string) => {
  if (process.env.CHAOS_DEBUG) appendFileSync(process.env.CHAOS_DEBUG, `${line}\n`);
};

function jobsOf(file: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare("SELECT substr(key, 1, 12) AS crm, count(*) AS n, sum(leased_until > @now) AS leased, min(run_at - @now) AS dueIn, max(attempts) AS attempts FROM jobs WHERE key LIKE 'sync:%' GROUP BY 1").all({ now: Date.now() });
  } finally {
    db.close();
  }
}

export async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (;;) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
