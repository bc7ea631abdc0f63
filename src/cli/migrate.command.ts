import { parseArgs } from 'node:util';
import { migrate, openDatabase, pendingMigrations } from '../storage/sqlite/database.js';
import { COMMON_HELP, COMMON_OPTIONS, loadRuntime } from './runtime.js';

const HELP = `Usage: leadwire migrate [--status] [options]

Applies pending database migrations (start, api and worker also do this on boot).

Options:
  --status            only list pending migrations
${COMMON_HELP}`;

export async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, status: { type: 'boolean' } }, strict: true });
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const rt = loadRuntime(values);
  const db = openDatabase(rt.dbFile, { synchronous: 'FULL' });
  try {
    if (values.status) {
      const pending = pendingMigrations(db);
      process.stdout.write(pending.length === 0 ? `${rt.dbFile}: up to date\n` : `${rt.dbFile}: pending ${pending.join(', ')}\n`);
      return 0;
    }
    const applied = migrate(db, rt.config.workspace, rt.clock.now());
    process.stdout.write(applied.length === 0 ? `${rt.dbFile}: up to date\n` : `${rt.dbFile}: applied ${applied.join(', ')}\n`);
    return 0;
  } finally {
    db.close();
  }
}
