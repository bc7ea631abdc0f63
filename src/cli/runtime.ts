import { resolve } from 'node:path';
import { loadConfig, resolveConfigPath, type Config } from '../config/loader.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { createSqliteStore } from '../storage/sqlite/index.js';
import type { Store } from '../storage/ports.js';

/** A mistake in the command line: printed without a stack trace. */
export class UsageError extends Error {}

/** What every command shares: the config, where the data lives, a logger and the clock. */
export interface CommonFlags {
  config?: string;
  'data-dir'?: string;
}

export interface Runtime {
  config: Config;
  dbFile: string;
  dataDir: string;
  logger: Logger;
  clock: Clock;
  openStore(synchronous: 'FULL' | 'NORMAL', options?: { migrate?: boolean }): Store;
}

export const COMMON_OPTIONS = {
  config: { type: 'string' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `  --config <file>     config file (env LEADWIRE_CONFIG; default ./leadwire.config.yaml, else the built-in example)
  --data-dir <dir>    where the database lives (env LEADWIRE_DATA_DIR; default ./data)
  -h, --help          this help`;

export function loadRuntime(flags: CommonFlags, env: NodeJS.ProcessEnv = process.env): Runtime {
  const config = loadConfig(resolveConfigPath(flags.config ?? env.LEADWIRE_CONFIG), env);
  const dataDir = resolve(flags['data-dir'] ?? env.LEADWIRE_DATA_DIR ?? 'data');
  const dbFile = resolve(dataDir, 'leadwire.db');
  const logger = createLogger(env.LOG_LEVEL ?? config.logging.level);
  const clock = systemClock;
  return {
    config,
    dbFile,
    dataDir,
    logger,
    clock,
    openStore: (synchronous, options = {}) =>
      createSqliteStore({ file: dbFile, workspaceId: config.workspace, clock, synchronous, migrate: options.migrate }),
  };
}
