import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, EXAMPLE_CONFIG_PATH, loadConfig, parseConfigText } from '../src/config/loader.js';
import { sha256Hex } from '../src/lib/hash.js';
import { createLogger } from '../src/observability/logger.js';
import { CLI, writeConfig } from './child-server.js';
import { tempDir } from './helpers.js';

const where = { file: 'leadwire.config.yaml', example: false };
const run = promisify(execFile);

function issuesOf(text: string, env: Record<string, string> = {}): Array<{ path: string; message: string }> {
  try {
    parseConfigText(text, where, env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected the config to be refused');
}

describe('config', () => {
  it('reports every problem with its path at once', () => {
    const issues = issuesOf(`
server: { port: 70000, colour: blue }
sources:
  Bad Id: { keys: [abcdefgh1] }
  shop: { keys: [short] }
  empty: {}
worker: { concurrency: 0 }
retry: { maxAttemptsByStage: { sink: 3 } }
`);
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['server.port', 'server', 'sources.Bad Id', 'sources.shop.keys.0', 'sources.empty', 'worker.concurrency', 'retry.maxAttemptsByStage']));
    expect(issues.length).toBeGreaterThanOrEqual(7);
  });

  it('substitutes ${VAR} and ${VAR:-fallback}, hashes keys and never keeps them plain', () => {
    const config = parseConfigText('sources:\n  api:\n    keys: ["${API_KEY}", "${SPARE:-spare-key-123}"]\n', where, { API_KEY: 'from-the-env-1' });
    expect(config.sources.api!.keyHashes).toEqual([`sha256:${sha256Hex('from-the-env-1')}`, `sha256:${sha256Hex('spare-key-123')}`]);
    expect(JSON.stringify(config)).not.toContain('from-the-env-1');
    expect(Object.isFrozen(config.sources)).toBe(true);
  });

  it('names the path of a missing environment variable', () => {
    expect(issuesOf('admin:\n  keys: ["${ADMIN_KEY}"]\n')).toContainEqual({ path: 'admin.keys.0', message: 'environment variable ADMIN_KEY is not set' });
  });

  it('refuses the example’s default keys when NODE_ENV=production, and keys shared by two owners', () => {
    const text = readFileSync(EXAMPLE_CONFIG_PATH, 'utf8');
    expect(() => parseConfigText(text, where, {})).not.toThrow();
    const issues = issuesOf(text, { NODE_ENV: 'production' });
    expect(issues.map((i) => i.path).sort()).toEqual(['admin.keys.0', 'sources.demo.keys.0']);
    expect(parseConfigText(text, where, { NODE_ENV: 'production', LEADWIRE_DEMO_KEY: 'a-real-key-1', LEADWIRE_ADMIN_KEY: 'a-real-key-2' }).sources.demo).toBeDefined();
    expect(issuesOf('sources:\n  a: { keys: [same-key-123] }\n  b: { keys: [same-key-123] }\n')[0]?.message).toContain('also used by source a');
  });

  it('reports YAML syntax errors', () => {
    expect(issuesOf('sources: [unclosed')[0]?.message).toMatch(/^YAML/);
  });

  it('`leadwire config check` exits 0 on a good file and 78 with every issue on a bad one', async () => {
    const tmp = tempDir();
    const good = await run(process.execPath, [CLI, 'config', 'check', '--config', EXAMPLE_CONFIG_PATH]);
    expect(good.stdout).toContain('ok');
    const bad = writeConfig(tmp.dir, 'worker: { concurrency: -1 }\nsources: { x: {} }\n');
    await expect(run(process.execPath, [CLI, 'config', 'check', '--config', bad])).rejects.toMatchObject({
      code: 78,
      stderr: expect.stringMatching(/worker\.concurrency[\s\S]*sources\.x|sources\.x[\s\S]*worker\.concurrency/),
    });
    tmp.cleanup();
  });

  it('the committed JSON Schema matches the config schema', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'config', 'schema']);
    const committed = readFileSync(new URL('../leadwire.config.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(committed)).toEqual(JSON.parse(stdout));
    expect(loadConfig({ file: EXAMPLE_CONFIG_PATH, example: true }, {}).origin.example).toBe(true);
  });

  it('credentials are marked sensitive in the schema and masked in logs', () => {
    const schema = readFileSync(new URL('../leadwire.config.schema.json', import.meta.url), 'utf8');
    for (const field of ['token', 'clientSecret', 'refreshToken', 'privateKey', 'renderStampSecret']) {
      expect(schema).toMatch(new RegExp(`"${field}": \\{[^{}]*"sensitive": true`));
    }
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
    createLogger('info', sink).info({ account: { id: 'sf', clientSecret: 'cs-123', refreshToken: 'rt-456' }, token: 'pat-789' }, 'slipped');
    expect(lines.join('')).not.toMatch(/cs-123|rt-456|pat-789/);
    expect(lines.join('')).toContain('"id":"sf"');
  });
});
