import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * FULL fsyncs the WAL at every commit: what the intake needs before it may answer 2xx.
   * NORMAL skips that fsync (still safe against a killed process, not against power loss): what a
   * worker checkpoint can afford, because a lost checkpoint only re-runs a stage.
   */
  synchronous: 'FULL' | 'NORMAL';
  readonly?: boolean;
}

export function openDatabase(file: string, options: OpenOptions): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    db.pragma('foreign_keys = ON');
    // A savepoint's journal of the pages it changed stays in memory: on disk (SQLite's default
    // beyond 64 KiB) every group commit wrote each changed page once more to a temporary file.
    db.pragma('temp_store = MEMORY');
    // 8 MiB of pages (the default is 2 MiB): the indexes' inner pages stay cached; bounded, so
    // memory does not grow with the number of stored leads (16 MiB took a worker process past
    // 300 MB at 100,000 leads for no measurable gain).
    db.pragma('cache_size = -8192');
  }
  return db;
}

/** Applies the migrations this database has not seen yet; returns the versions applied. */
export function migrate(db: Db, workspaceId: string, now: number): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT');
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const apply = db.transaction((version: number, name: string, sql: string): boolean => {
    // Checked inside the write lock: two processes starting together apply each migration once.
    if (isApplied.get(version)) return false;
    db.exec(sql);
    record.run(version, name, now);
    return true;
  });
  const done: number[] = [];
  for (const m of MIGRATIONS) {
    if (apply.immediate(m.version, m.name, m.sql)) done.push(m.version);
  }
  db.prepare('INSERT OR IGNORE INTO workspaces (id, created_at) VALUES (?, ?)').run(workspaceId, now);
  return done;
}

export function pendingMigrations(db: Db): number[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  const applied = new Set(exists ? (db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]) : []);
  return MIGRATIONS.filter((m) => !applied.has(m.version)).map((m) => m.version);
}
