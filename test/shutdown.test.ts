import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { startChild, writeConfig } from './child-server.js';
import { aLead, tempDir } from './helpers.js';

const KEY = 'shutdown-key-0123';
const CONFIG = `
sources:
  demo:
    keys: [${KEY}]
    rateLimit: { perKey: { points: 1000000, windowSeconds: 1 } }
worker: { concurrency: 4, leaseMs: 30000, pollIntervalMs: 20, shutdownDeadlineMs: 2000 }
logging: { level: info }
`;

describe('graceful shutdown', () => {
  it('on SIGTERM: answers what it accepted, stops claiming, releases its leases and exits 0', async () => {
    const tmp = tempDir();
    const config = writeConfig(tmp.dir, CONFIG);
    const server = await startChild('start', tmp.dir, config);
    const post = (i: number) =>
      fetch(`${server.url}/v1/leads`, {
        method: 'POST',
        headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
        body: JSON.stringify(aLead({ email: `t${i}@example.com` })),
      }).then(
        async (res) => ({ status: res.status, leadId: res.status === 202 ? ((await res.json()) as { leadId: string }).leadId : undefined }),
        () => ({ status: 0, leadId: undefined }),
      );
    const first = await Promise.all(Array.from({ length: 50 }, (_, i) => post(i)));
    expect(first.every((r) => r.status === 202)).toBe(true);
    const during = Array.from({ length: 50 }, (_, i) => post(100 + i));
    server.child.kill('SIGTERM');
    const answers = [...first, ...(await Promise.all(during))];
    expect(await server.exited).toBe(0);
    expect(server.logs.join('\n')).toContain('"worker stopped"');

    const db = new Database(join(tmp.dir, 'leadwire.db'), { readonly: true });
    const accepted = answers.filter((a) => a.status === 202).map((a) => a.leadId!);
    // Those refused during shutdown got a 503 or a closed connection, never a 2xx.
    expect(answers.every((a) => a.status === 202 || a.status === 503 || a.status === 0)).toBe(true);
    for (const id of accepted) expect(db.prepare('SELECT COUNT(*) FROM leads WHERE id = ?').pluck().get(id)).toBe(1);
    // Nothing is left leased by the stopped worker: a restart can pick everything up at once.
    expect(db.prepare('SELECT COUNT(*) FROM jobs WHERE lease_owner IS NOT NULL').pluck().get()).toBe(0);
    db.close();

    const again = await startChild('start', tmp.dir, config);
    const check = new Database(join(tmp.dir, 'leadwire.db'), { readonly: true });
    const deadline = Date.now() + 30_000;
    while ((check.prepare("SELECT COUNT(*) FROM jobs WHERE kind = 'process'").pluck().get() as number) > 0) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const completed = check.prepare("SELECT COUNT(*) FROM leads WHERE status = 'completed'").pluck().get();
    expect(completed).toBe(check.prepare('SELECT COUNT(*) FROM leads').pluck().get());
    check.close();
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    tmp.cleanup();
  }, 60_000);
});
