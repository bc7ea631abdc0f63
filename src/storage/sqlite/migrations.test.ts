import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { migrate } from './database.js';
import { MIGRATIONS } from './migrations.js';

/** A database as a release that stopped at `version` left it. */
function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  db.exec('CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  for (const m of MIGRATIONS.filter((m) => m.version <= version)) {
    db.exec(m.sql);
    db.prepare('INSERT INTO schema_migrations VALUES (?, ?, 0)').run(m.version, m.name);
  }
  db.prepare("INSERT INTO workspaces VALUES ('default', 0)").run();
  return db;
}

function addLead(db: Database.Database, id: string, profile: string | null, mergedInto: string | null = null): void {
  db.prepare(
    "INSERT INTO leads (workspace_id, id, source_id, status, input, meta, state, body_hash, received_event_id, created_at, updated_at, profile, merged_into) VALUES ('default', ?, 'web', 'completed', '{}', '{}', '{}', ?, 'ev', ?, 0, ?, ?)",
  ).run(id, id, id === 'ld_A' ? 1 : 2, profile, mergedInto);
}

describe('migration 11: narrow identity tables', () => {
  it('keeps every identity key and the profiles of leads that stand on their own, and leaves the leads row without them', () => {
    const db = databaseAt(10);
    addLead(db, 'ld_A', '{"fields":{"email":"anna@example.com"}}');
    addLead(db, 'ld_B', '{"fields":{"email":"anna.k@example.com"}}', 'ld_A');
    addLead(db, 'ld_C', null);
    const key = db.prepare("INSERT INTO identities (workspace_id, kind, value, lead_id, created_at) VALUES ('default', ?, ?, ?, 5)");
    key.run('email', 'email:anna@example.com', 'ld_A');
    key.run('phone', 'phone:+48600100200', 'ld_A');

    expect(migrate(db, 'default', 10)).toEqual([11, 12]);

    expect(db.prepare('SELECT lead_id, created_at, profile FROM lead_profiles').all()).toEqual([
      { lead_id: 'ld_A', created_at: 1, profile: '{"fields":{"email":"anna@example.com"}}' },
    ]);
    expect(db.prepare('SELECT value, kind, lead_id, created_at FROM identities ORDER BY value').all()).toEqual([
      { value: 'email:anna@example.com', kind: 'email', lead_id: 'ld_A', created_at: 5 },
      { value: 'phone:+48600100200', kind: 'phone', lead_id: 'ld_A', created_at: 5 },
    ]);
    // One key, one owner: the value alone is the key now.
    expect(() => key.run('email', 'email:anna@example.com', 'ld_C')).toThrow(/UNIQUE/);
    expect(db.prepare("SELECT name FROM pragma_table_info('leads')").pluck().all()).not.toContain('profile');
    expect(db.prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'identities' AND type = 'index'").pluck().all()).toEqual(['identities_by_lead']);
  });
});

describe('migration 12: follow-up plans as one job', () => {
  it('keeps the step jobs already scheduled, each on its own (nothing rides on them)', () => {
    const db = databaseAt(11);
    addLeadAt11(db, 'ld_A');
    db.prepare("INSERT INTO jobs (workspace_id, id, lead_id, key, stage, attempts, run_at, kind, payload, created_at, updated_at) VALUES ('default', 'jb_1', 'ld_A', 'step:ld_A:confirm', 'follow-up', 0, 9, 'step', '{}', 0, 0)").run();
    expect(migrate(db, 'default', 11)).toEqual([12]);
    expect(db.prepare('SELECT key, run_at, chain FROM jobs').all()).toEqual([{ key: 'step:ld_A:confirm', run_at: 9, chain: null }]);
  });
});

function addLeadAt11(db: Database.Database, id: string): void {
  db.prepare(
    "INSERT INTO leads (workspace_id, id, source_id, status, input, meta, state, body_hash, received_event_id, created_at, updated_at) VALUES ('default', ?, 'web', 'completed', '{}', '{}', '{}', ?, 'ev', 1, 0)",
  ).run(id, id);
}
