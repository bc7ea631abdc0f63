import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { sha256Hex } from '../lib/hash.js';
import { configSchema, type ParsedConfig } from './schema.js';
import { substituteEnv, type SubstitutionIssue } from './env-substitution.js';

/** The example shipped with the package; used when no config file exists (first run). */
export const EXAMPLE_CONFIG_PATH = fileURLToPath(new URL('../../leadwire.config.example.yaml', import.meta.url));

/** The keys the example config falls back to; refused in production. */
export const DEFAULT_DEMO_KEY = 'demo-key';
export const DEFAULT_ADMIN_KEY = 'admin-key';
const DEFAULT_KEYS = new Set([DEFAULT_DEMO_KEY, DEFAULT_ADMIN_KEY]);

export interface ConfigIssue {
  path: string;
  message: string;
}

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`invalid config ${file}:\n${issues.map((i) => `  - ${i.path || '(root)'}: ${i.message}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** A source as the running service holds it: key hashes only, never the plain keys. */
export interface Source extends Omit<ParsedConfig['sources'][string], 'keys' | 'keyHashes'> {
  id: string;
  keyHashes: string[];
}

export interface Config extends Omit<ParsedConfig, 'sources' | 'admin'> {
  sources: Readonly<Record<string, Source>>;
  admin: { keyHashes: string[] };
  /** Where the config was read from, for messages; `example` marks the built-in first-run config. */
  origin: { file: string; example: boolean };
}

export interface ResolvedConfigPath {
  file: string;
  example: boolean;
}

/** `--config` / LEADWIRE_CONFIG, else ./leadwire.config.yaml, else the built-in example. */
export function resolveConfigPath(explicit: string | undefined, cwd = process.cwd()): ResolvedConfigPath {
  if (explicit) return { file: resolve(cwd, explicit), example: false };
  const local = resolve(cwd, 'leadwire.config.yaml');
  if (existsSync(local)) return { file: local, example: false };
  return { file: EXAMPLE_CONFIG_PATH, example: true };
}

export function loadConfig(
  where: ResolvedConfigPath,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  let text: string;
  try {
    text = readFileSync(where.file, 'utf8');
  } catch (error) {
    throw new ConfigError(where.file, [{ path: '', message: `cannot read file: ${(error as Error).message}` }]);
  }
  return parseConfigText(text, where, env);
}

export function parseConfigText(
  text: string,
  where: ResolvedConfigPath,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Config {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      where.file,
      doc.errors.map((e) => ({ path: '', message: `YAML: ${e.message.split('\n')[0]}` })),
    );
  }
  const issues: ConfigIssue[] = [];
  const substituted = substituteEnv(doc.toJS() ?? {}, env, issues as SubstitutionIssue[]);
  const parsed = configSchema.safeParse(substituted);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) issues.push({ path: issue.path.join('.'), message: issue.message });
  }
  if (issues.length > 0 || !parsed.success) throw new ConfigError(where.file, issues);

  const seen = new Map<string, string>();
  /** Hashes a key list, refusing the example's fallback keys in production and keys shared between owners. */
  const hashKeys = (owner: string, path: string, keys: string[], keyHashes: string[]): string[] => {
    keys.forEach((key, i) => {
      if (env.NODE_ENV === 'production' && DEFAULT_KEYS.has(key)) {
        issues.push({ path: `${path}.keys.${i}`, message: `the example's default key is refused when NODE_ENV=production; set a real key` });
      }
    });
    const hashes = [...keys.map((k) => `sha256:${sha256Hex(k)}`), ...keyHashes];
    for (const [i, hash] of hashes.entries()) {
      const other = seen.get(hash);
      if (other !== undefined && other !== owner) issues.push({ path: `${path}.keys.${i}`, message: `the same key is also used by ${other}` });
      seen.set(hash, owner);
    }
    return hashes;
  };
  const admin = { keyHashes: hashKeys('admin', 'admin', parsed.data.admin.keys, parsed.data.admin.keyHashes) };
  const sources: Record<string, Source> = {};
  for (const [id, source] of Object.entries(parsed.data.sources)) {
    const { keys, keyHashes, ...rest } = source;
    sources[id] = { id, ...rest, keyHashes: hashKeys(`source ${id}`, `sources.${id}`, keys, keyHashes) };
  }
  if (issues.length > 0) throw new ConfigError(where.file, issues);

  return deepFreeze({ ...parsed.data, admin, sources, origin: { file: where.file, example: where.example } });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}
