import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { systemClock } from '../../lib/clock.js';
import { createSqliteStore } from './index.js';
import { BACKSTOP_PAGES } from './checkpointer.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('checkpointer thread', () => {
  it('copies committed pages into the database file while the store never checkpoints inline', async () => {
    dir = mkdtempSync(join(tmpdir(), 'leadwire-ckpt-'));
    const file = join(dir, 'leadwire.db');
    const store = createSqliteStore({ file, workspaceId: 'default', clock: systemClock, synchronous: 'NORMAL' });
    const probe = new Database(file);
    // Start from an empty WAL (the migrations went through it).
    probe.pragma('wal_checkpoint(TRUNCATE)');
    const before = statSync(file).size;
    for (let i = 0; i < 40; i++) {
      const r = await store.acceptLead({ sourceId: 'web', input: { email: `p${i}@example.com`, message: 'x'.repeat(500), custom: {} }, meta: {}, bodyHash: `h${i}`, dedupWindowMs: 0, idempotencyTtlMs: 1000 });
      expect(r.outcome).toBe('accepted');
    }
    // Fewer WAL pages than even SQLite's default threshold (1,000), far below the store's own
    // (BACKSTOP_PAGES): only the thread can move these pages into the database file.
    expect(statSync(`${file}-wal`).size / 4096).toBeLessThan(Math.min(1000, BACKSTOP_PAGES));
    await vi.waitFor(() => expect(statSync(file).size).toBeGreaterThan(before + 10 * 4096), { timeout: 10_000, interval: 20 });
    expect(probe.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(40);
    probe.close();
    await store.close();
    // The store's connection closed last: it checkpointed what was left and removed the WAL.
    expect(existsSync(`${file}-wal`)).toBe(false);
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM leads').pluck().get()).toBe(40);
    after.close();
  });
});
