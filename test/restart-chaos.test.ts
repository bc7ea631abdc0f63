import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { STAGE_STATUS } from '../src/domain/types.js';
import { startChild, writeConfig, type ChildServer } from './child-server.js';
import { aLead, tempDir } from './helpers.js';

/**
 * kill -9 the whole service at random moments while leads are in flight, restart it, and check the
 * promise: every lead that got a 202 reaches the end of the pipeline exactly once, clients that
 * retry with their Idempotency-Key never create a second lead, and no lead exists half-written.
 */
const KEY = 'chaos-key-0123';
const CONFIG = `
sources:
  demo:
    keys: [${KEY}]
    rateLimit: { perKey: { points: 1000000, windowSeconds: 1 } }
worker: { concurrency: 4, leaseMs: 1000, pollIntervalMs: 20, shutdownDeadlineMs: 1000 }
retry: { baseDelayMs: 10, maxDelayMs: 100, maxAttempts: 50 }
logging: { level: warn }
`;
const LEADS = 400;
const KILLS = 4;

let server: ChildServer | undefined;
const tmp = tempDir();
afterEach(() => {
  server?.child.kill('SIGKILL');
});

describe('restart safety', () => {
  it('survives kill -9 mid-load: every 202 completes exactly once, nothing duplicated or half-written', async () => {
    const config = writeConfig(tmp.dir, CONFIG);
    server = await startChild('start', tmp.dir, config);
    const accepted = new Map<string, string>(); // idempotency key → leadId
    let connectionErrors = 0;

    async function send(i: number): Promise<void> {
      const key = `lead-${i}`;
      // A well-behaved client: retries with the same Idempotency-Key until it gets an answer.
      for (;;) {
        const target = server!.url;
        try {
          const res = await fetch(`${target}/v1/leads`, {
            method: 'POST',
            headers: { 'x-api-key': KEY, 'content-type': 'application/json', 'idempotency-key': key },
            body: JSON.stringify(aLead({ email: `lead${i}@kowalski-${i}.pl`, phone: undefined, name: `Anna Kowalska`, company: undefined })),
          });
          if (res.status === 202) {
            const { leadId } = (await res.json()) as { leadId: string };
            const earlier = accepted.get(key);
            if (earlier !== undefined) expect(leadId).toBe(earlier);
            accepted.set(key, leadId);
            return;
          }
          expect([503]).toContain(res.status);
        } catch {
          connectionErrors++;
          await restarted(target);
        }
      }
    }

    // The killer: SIGKILL at random moments during the load, restart on the same data.
    let restarting: Promise<void> = Promise.resolve();
    const restarted = async (failedUrl: string) => {
      await restarting;
      if (server!.url === failedUrl) await new Promise<void>((resolve) => setImmediate(resolve));
    };
    const killer = (async () => {
      for (let k = 0; k < KILLS; k++) {
        await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 350));
        let done!: () => void;
        restarting = new Promise<void>((resolve) => (done = resolve));
        server!.child.kill('SIGKILL');
        await server!.exited;
        server = await startChild('start', tmp.dir, config);
        done();
      }
    })();

    const queue = Array.from({ length: LEADS }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) await send(i);
      }),
    );
    await killer;

    // Wait for the pipeline to drain (the last restart reclaims what the killed ones held).
    const db = new Database(join(tmp.dir, 'leadwire.db'), { readonly: true });
    const deadline = Date.now() + 60_000;
    while ((db.prepare("SELECT COUNT(*) FROM jobs WHERE kind = 'process'").pluck().get() as number) > 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(accepted.size).toBe(LEADS);
    const leads = db.prepare('SELECT id, status FROM leads').all() as Array<{ id: string; status: string }>;
    // Retries with the same key never made a second lead.
    expect(leads).toHaveLength(LEADS);
    expect(new Set(leads.map((l) => l.id))).toEqual(new Set(accepted.values()));
    expect(leads.every((l) => l.status === 'completed')).toBe(true);
    const counts = db.prepare('SELECT status, COUNT(*) AS n, COUNT(DISTINCT lead_id) AS leads FROM lead_events GROUP BY status').all() as Array<{ status: string; n: number; leads: number }>;
    const byStatus = Object.fromEntries(counts.map((c) => [c.status, c]));
    // No CRM account in this config: the sync stage records that it skipped (`synced` comes from sync jobs).
    const stageStatuses = Object.values(STAGE_STATUS).map((s) => (s === STAGE_STATUS.sync ? 'sync-skipped' : s));
    for (const status of ['received', 'completed', ...stageStatuses]) {
      expect(byStatus[status], status).toMatchObject({ n: LEADS, leads: LEADS });
    }
    expect(db.prepare('SELECT COUNT(*) FROM dead_letters').pluck().get()).toBe(0);
    db.close();
    console.log(`restart chaos: ${KILLS} kills, ${connectionErrors} connection errors retried, ${LEADS} leads completed exactly once`);
  }, 120_000);
});
