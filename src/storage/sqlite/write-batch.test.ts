import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock.js';
import { openDatabase, type Db } from './database.js';
import { createWriteBatch } from './write-batch.js';

const FULL = 2;
const NORMAL = 1;

let dir: string;
let db: Db;
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(synchronous: 'FULL' | 'NORMAL') {
  dir = mkdtempSync(join(tmpdir(), 'leadwire-batch-'));
  db = openDatabase(join(dir, 'test.db'), { synchronous });
  db.exec('CREATE TABLE t (v TEXT)');
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  // Each write notes the synchronous level its transaction commits under (asked afresh: a prepared
  // PRAGMA statement may answer the level it was prepared under once more).
  const level = () => db.pragma('synchronous', { simple: true }) as number;
  const batch = createWriteBatch(db, systemClock, synchronous);
  const write = (v: string, redoable?: boolean) => batch.run(() => (insert.run(v), level()), redoable === undefined ? undefined : { redoable });
  return { write, batch, rows: () => db.prepare('SELECT v FROM t ORDER BY rowid').pluck().all() };
}

describe('write batch', () => {
  it('commits redoable writes alone without waiting for the disk, and waits when one other write joins them', async () => {
    const { write, rows } = open('FULL');
    expect(await Promise.all([write('a', true), write('b', true)])).toEqual([NORMAL, NORMAL]);
    // One durable write in the batch: the whole commit waits (and covers the redoable ones before).
    expect(await Promise.all([write('c', true), write('d')])).toEqual([FULL, FULL]);
    expect(await write('e')).toBe(FULL);
    expect(await write('f', true)).toBe(NORMAL);
    expect(rows()).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('never raises a NORMAL connection to FULL', async () => {
    const { write } = open('NORMAL');
    expect(await Promise.all([write('a'), write('b', true)])).toEqual([NORMAL, NORMAL]);
  });

  it('rolls back a failing write alone, but fails the whole batch when the failure ended the transaction', async () => {
    const { write, rows, batch } = open('FULL');
    const failing = batch.run(() => {
      throw new Error('constraint');
    });
    await Promise.all([write('a'), expect(failing).rejects.toThrow('constraint'), write('b')]);
    expect(rows()).toEqual(['a', 'b']);
    // What SQLite does on a full disk or an I/O error: the transaction is gone when the error arrives.
    // The writes after it must not run on their own, outside any transaction.
    const lost = batch.run(() => {
      db.exec('ROLLBACK');
      throw new Error('disk full');
    });
    const after = [write('c'), write('d')];
    await expect(lost).rejects.toThrow('disk full');
    for (const w of after) await expect(w).rejects.toThrow('disk full');
    expect(rows()).toEqual(['a', 'b']);
  });

  it('commits writes in the order they were asked for, across batches', async () => {
    const { write, rows } = open('FULL');
    const writes = Array.from({ length: 1200 }, (_, i) => write(String(i), i % 3 === 0));
    await Promise.all(writes);
    expect(rows()).toEqual(Array.from({ length: 1200 }, (_, i) => String(i)));
  });
});
