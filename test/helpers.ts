import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseConfigText, type Config } from '../src/config/loader.js';
import { buildApp, type App } from '../src/http/app.js';
import { systemClock, type Clock } from '../src/lib/clock.js';
import { createLogger } from '../src/observability/logger.js';
import { createMetrics, storeSummary } from '../src/observability/metrics.js';
import { createSqliteStore } from '../src/storage/sqlite/index.js';
import type { Store } from '../src/storage/ports.js';

/** Test fixtures: a config from YAML text, a fresh database file per test, an app on top. */
export const DEMO_KEY = 'demo-key-for-tests';
export const ADMIN_KEY = 'admin-key-for-tests';
export const FORM_TOKEN = 'wf_test_form_token';
export const FORM_ORIGIN = 'https://www.example.com';

export const BASE_CONFIG = `
version: 1
admin:
  keys: [${ADMIN_KEY}]
sources:
  demo:
    keys: [${DEMO_KEY}]
    rateLimit: { perKey: { points: 1000000, windowSeconds: 1 } }
  website:
    public: { origins: [${FORM_ORIGIN}], formToken: ${FORM_TOKEN} }
    rateLimit: { perIp: { points: 3, windowSeconds: 60 } }
worker: { concurrency: 2, leaseMs: 2000, pollIntervalMs: 20, shutdownDeadlineMs: 2000 }
retry: { baseDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 }
logging: { level: silent }
`;

export function testConfig(extraYaml = '', text = BASE_CONFIG): Config {
  return parseConfigText(`${text}\n${extraYaml}`, { file: 'test.yaml', example: false }, {});
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'leadwire-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestStore {
  store: Store;
  file: string;
  /** A read-only view for assertions straight on the tables. */
  count(table: string): number;
  close(): Promise<void>;
}

export function tempStore(clock: Clock = systemClock, synchronous: 'FULL' | 'NORMAL' = 'FULL'): TestStore {
  const { dir, cleanup } = tempDir();
  const file = join(dir, 'leadwire.db');
  const store = createSqliteStore({ file, workspaceId: 'default', clock, synchronous });
  return {
    store,
    file,
    count: (table) => countRows(file, table),
    close: async () => {
      await store.close();
      cleanup();
    },
  };
}

export function countRows(file: string, table: string, where = '1 = 1'): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT COUNT(*) FROM ${table} WHERE ${where}`).pluck().get() as number;
  } finally {
    db.close();
  }
}

export async function testApp(options: { config?: Config; clock?: Clock; onLeadAccepted?: () => void } = {}): Promise<{ app: App; db: TestStore }> {
  const clock = options.clock ?? systemClock;
  const db = tempStore(clock);
  const app = await buildApp({
    config: options.config ?? testConfig(),
    store: db.store,
    clock,
    logger: createLogger('silent'),
    metrics: createMetrics(() => db.store.stats(), storeSummary(db.store, clock)),
    onLeadAccepted: options.onLeadAccepted,
  });
  return { app, db };
}

export function aLead(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    email: 'anna.kowalska@example.pl',
    phone: '+48 600 100 200',
    name: 'Anna Kowalska',
    company: 'Kowalski i Synowie sp. z o.o.',
    message: 'Poproszę o ofertę na 20 licencji.',
    utm_source: 'google',
    utm_medium: 'cpc',
    consent: { contact: true, marketing: false, policyVersion: '2026-01' },
    ...overrides,
  };
}

export const keyed = { 'x-api-key': DEMO_KEY };
export const admin = { 'x-api-key': ADMIN_KEY };
