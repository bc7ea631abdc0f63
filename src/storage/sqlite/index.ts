import type { Clock } from '../../lib/clock.js';
import type { Store } from '../ports.js';
import { migrate, openDatabase, type OpenOptions } from './database.js';
import { createSqliteConversationStore } from './conversation-store.js';
import { createSqliteCrmRecords } from './crm-records.js';
import { createSqliteDeadLetters } from './dead-letters.js';
import { createSqliteJobQueue } from './job-queue.js';
import { createSqliteIdentityLedger } from './identity-ledger.js';
import { createSqliteAlertStore } from './alert-store.js';
import { createSqliteLeadStore } from './lead-store.js';
import { createSqliteMetricsStore } from './metrics-store.js';
import { createSqliteOutbox } from './outbox.js';
import { createSqliteRoutingStore } from './routing-store.js';
import { createWriteBatch } from './write-batch.js';
import { BACKSTOP_PAGES, startCheckpointer } from './checkpointer.js';

export interface SqliteStoreOptions extends OpenOptions {
  file: string;
  workspaceId: string;
  clock: Clock;
  /** Apply pending migrations on open (default true); `leadwire migrate` does it explicitly. */
  migrate?: boolean;
}

/** The embedded store: one SQLite file, one connection per store instance. */
export function createSqliteStore(options: SqliteStoreOptions): Store {
  const db = openDatabase(options.file, options);
  if (options.migrate !== false) migrate(db, options.workspaceId, options.clock.now());
  // From here on a locked database is waited for by the write batch's timer, not by sleeping.
  db.pragma('busy_timeout = 0');
  // WAL checkpoints on their own thread, off the event loop (checkpointer.ts).
  const checkpointer = options.file === ':memory:' || options.readonly ? undefined : startCheckpointer(options.file);
  if (checkpointer) db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const batch = createWriteBatch(db, options.clock, options.synchronous);
  const leads = createSqliteLeadStore(db, options.workspaceId, batch);
  const jobs = createSqliteJobQueue(db, options.workspaceId, batch);
  const deadLetters = createSqliteDeadLetters(db, options.workspaceId, options.clock, batch);
  const identities = createSqliteIdentityLedger(db, options.workspaceId, batch);
  const routing = createSqliteRoutingStore(db, options.workspaceId, batch);
  const outbox = createSqliteOutbox(db, options.workspaceId, batch);
  const metrics = createSqliteMetricsStore(db, options.workspaceId);
  const alerts = createSqliteAlertStore(db, options.workspaceId, batch);
  const crmRecords = createSqliteCrmRecords(db, options.workspaceId, batch);
  const conversations = createSqliteConversationStore(db, options.workspaceId, batch);
  const ping = db.prepare('SELECT 1').pluck();
  return {
    ...leads,
    ...jobs,
    ...deadLetters,
    ...identities,
    ...routing,
    ...outbox,
    ...metrics,
    ...alerts,
    ...crmRecords,
    ...conversations,
    async ping() {
      try {
        return db.open && ping.get() === 1;
      } catch {
        return false;
      }
    },
    async close() {
      await checkpointer?.stop();
      if (db.open) db.close();
    },
  };
}
