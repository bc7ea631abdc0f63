import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, writeConfig } from '../child-server.js';
import { BASE_CONFIG, tempDir, testApp, testConfig } from '../helpers.js';
import { CATALOGUE, json, msg, read, SALES_CHAT } from './chat.js';

/** `leadwire analyze` run as the built CLI in a child process; no server, no database. */
const run = promisify(execFile);
const { dir, cleanup } = tempDir();
afterAll(cleanup);
const configFile = writeConfig(dir, `${BASE_CONFIG}\n${CATALOGUE}`);

async function analyze(body: unknown, ...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(dir, `t-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body));
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, 'analyze', file, '--config', configFile, ...flags], { cwd: dir, env: { ...process.env, LEADWIRE_DATA_DIR: join(dir, 'never-created') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const ONE_SHOT = { channel: 'webchat', externalId: 'cli-1', messages: SALES_CHAT, ended: true };

describe('leadwire analyze', () => {
  it('--json prints exactly the analysis GET /v1/conversations/:id returns for the same body', async () => {
    const out = await analyze(ONE_SHOT, '--json');
    expect(out.code).toBe(0);
    const printed = JSON.parse(out.stdout);

    const { app, db } = await testApp({ config: testConfig(CATALOGUE) });
    try {
      const created = await app.inject({ method: 'POST', url: '/v1/conversations', headers: json, payload: JSON.stringify(ONE_SHOT) });
      expect(created.statusCode).toBe(201);
      const stored = (await read(app, created.json().conversationId)).json().analysis;
      expect(printed).toEqual(stored);
    } finally {
      await app.close();
      await db.close();
    }
    expect(printed).toMatchObject({
      contact: { email: 'tom.baker@nordwind-logistics.com', firstName: 'Tom', lastName: 'Baker', company: 'Nordwind Logistics' },
      decisionMaker: true,
      competitors: ['hubspot'],
      products: ['lead-api'],
      budget: { min: 50000, currency: 'USD' },
    });
  });

  it('prints the note, the next best action, the extracted fields and the scoring breakdown', async () => {
    const out = await analyze(ONE_SHOT);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Chatbot conversation summary:\n- /);
    expect(out.stdout).toMatch(/\nNext best action: .+ \[book-[a-z-]+\]\n/);
    expect(out.stdout).toMatch(/\n {2}email +tom\.baker@nordwind-logistics\.com\n/);
    expect(out.stdout).toMatch(/\n {2}decision maker +yes\n/);
    expect(out.stdout).toMatch(/\n {2}competitors +hubspot\n/);
    expect(out.stdout).toMatch(/\nScoring points: \d+ \(rule set [^)]+\)\n/);
    for (const rule of ['budget-mentioned', 'timeline-soon', 'decision-maker', 'several-questions', 'competitor-mentioned']) {
      expect(out.stdout).toMatch(new RegExp(`\\n +\\+\\d+ {2}${rule} \\(`));
    }
  });

  it('reads the body from stdin with "-"', async () => {
    const child = spawn(process.execPath, [CLI, 'analyze', '-', '--json', '--config', configFile], { cwd: dir });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stdin.end(JSON.stringify(ONE_SHOT));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout).contact.email).toBe('tom.baker@nordwind-logistics.com');
  });

  it('refuses an invalid body with the path of every offending field and exit 65, printing nothing on stdout', async () => {
    const out = await analyze({ channel: 'Web Chat', messages: [msg('1', 'robot' as 'user', 'hi'), { role: 'user', text: 5, timestamp: 'yesterday' }], colour: 'red' });
    expect(out.code).toBe(65);
    expect(out.stdout).toBe('');
    expect(out.stderr).toContain('CONVERSATION_INVALID');
    for (const path of ['channel', 'externalId', 'messages.0.role', 'messages.1.text', 'messages.1.timestamp']) {
      expect(out.stderr).toMatch(new RegExp(`\\n {2}${path.replace(/\./g, '\\.')}: `));
    }
    expect(out.stderr).toMatch(/colour/);
  });

  it('not JSON → 65; a missing file → 66; no file → usage (2)', async () => {
    const bad = await analyze('{"channel": "webchat",');
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/not valid JSON/);
    const missing = await run(process.execPath, [CLI, 'analyze', join(dir, 'nope.json'), '--config', configFile]).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 66, stderr: expect.stringMatching(/cannot read \(ENOENT\)/) });
    const none = await run(process.execPath, [CLI, 'analyze', '--config', configFile]).catch((e: { code: number }) => e);
    expect(none).toMatchObject({ code: 2 });
  });
});
