import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/http/app.js';
import type { DeadLetterReason } from '../src/pipeline/errors.js';
import { systemClock } from '../src/lib/clock.js';
import { createSqliteStore } from '../src/storage/sqlite/index.js';
import type { Store } from '../src/storage/ports.js';
import { CLI, writeConfig } from './child-server.js';
import { admin, keyed, tempDir, testApp, BASE_CONFIG, type TestStore } from './helpers.js';

const run = promisify(execFile);

/** Puts one lead in the dead-letter queue the way the worker does: claim, then dead-letter. */
async function deadLetterOne(store: Store, email: string, reason: DeadLetterReason): Promise<string> {
  const accepted = await store.acceptLead({ sourceId: 'demo', input: { email, custom: {} }, meta: {}, bodyHash: email, dedupWindowMs: 0, idempotencyTtlMs: 1000 });
  if (accepted.outcome !== 'accepted') throw new Error('not accepted');
  const [job] = await store.claim('test', 1, 10_000);
  return (await store.deadLetter(job!, 'test', { reason, error: `${reason} happened`, detail: {}, durationMs: 1 })).id;
}

let app: App;
let db: TestStore;
afterEach(async () => {
  await app?.close();
  await db?.close();
});

describe('dead letters over HTTP', () => {
  it('lists open dead letters for admins, replays each once, refuses source keys', async () => {
    ({ app, db } = await testApp());
    const first = await deadLetterOne(db.store, 'x@example.com', 'CRM_5XX');
    const second = await deadLetterOne(db.store, 'y@example.com', 'VALIDATION');

    expect((await app.inject({ method: 'GET', url: '/v1/dead-letters', headers: keyed })).json().error.code).toBe('FORBIDDEN');
    expect((await app.inject({ method: 'GET', url: '/v1/dead-letters' })).statusCode).toBe(401);

    const list = (await app.inject({ method: 'GET', url: '/v1/dead-letters', headers: admin })).json();
    expect(list.items.map((l: { id: string }) => l.id)).toEqual([second, first]);
    expect(list.items[1]).toMatchObject({ reason: 'CRM_5XX', stage: 'validate', attempts: 1, error: 'CRM_5XX happened', replayedAt: null });
    const filtered = (await app.inject({ method: 'GET', url: '/v1/dead-letters?reason=VALIDATION', headers: admin })).json();
    expect(filtered.items.map((l: { id: string }) => l.id)).toEqual([second]);
    expect((await app.inject({ method: 'GET', url: '/v1/dead-letters?reason=NOPE', headers: admin })).json().error.issues[0].path).toBe('querystring.reason');

    const replay = await app.inject({ method: 'POST', url: `/v1/dead-letters/${first}/replay`, headers: admin });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ deadLetterId: first, status: 'replayed', jobId: expect.stringMatching(/^jb_/) });
    const twice = await app.inject({ method: 'POST', url: `/v1/dead-letters/${first}/replay`, headers: admin });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'DEAD_LETTER_ALREADY_REPLAYED']);
    const missing = await app.inject({ method: 'POST', url: '/v1/dead-letters/dl_nope/replay', headers: admin });
    expect(missing.statusCode).toBe(404);
    expect(db.count('jobs')).toBe(1);

    const open = (await app.inject({ method: 'GET', url: '/v1/dead-letters', headers: admin })).json();
    expect(open.items.map((l: { id: string }) => l.id)).toEqual([second]);
    const all = (await app.inject({ method: 'GET', url: '/v1/dead-letters?includeReplayed=true', headers: admin })).json();
    expect(all.items).toHaveLength(2);
    const lead = (await app.inject({ method: 'GET', url: `/v1/leads/${replay.json().leadId}`, headers: admin })).json();
    expect(lead.status).toBe('processing');
    expect(lead.events.map((e: { status: string }) => e.status)).toEqual(['received', 'dead-lettered', 'alert', 'replayed']);
  });
});

describe('leadwire dlq', () => {
  it('lists and replays by reason from the command line', async () => {
    const tmp = tempDir();
    const config = writeConfig(tmp.dir, BASE_CONFIG);
    const store = createSqliteStore({ file: join(tmp.dir, 'leadwire.db'), workspaceId: 'default', clock: systemClock, synchronous: 'FULL' });
    const a = await deadLetterOne(store, 'a@example.com', 'CRM_5XX');
    const b = await deadLetterOne(store, 'b@example.com', 'CRM_5XX');
    const c = await deadLetterOne(store, 'c@example.com', 'AUTH_EXPIRED');
    await store.close();
    const cli = (...args: string[]) => run(process.execPath, [CLI, 'dlq', ...args, '--config', config, '--data-dir', tmp.dir]);

    const listed = (await cli('list', '--json')).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(listed.map((l) => l.id)).toEqual([c, b, a]);
    expect((await cli('list')).stdout).toMatch(/AUTH_EXPIRED/);

    const replayed = await cli('replay', '--all', '--reason', 'CRM_5XX');
    expect(replayed.stdout).toContain('2 replayed, 0 skipped');
    const rest = (await cli('list', '--json')).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rest.map((l) => l.id)).toEqual([c]);
    await expect(cli('replay', a)).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('already replayed') });
    await expect(cli('replay', '--all', '--reason', 'BOGUS')).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('--reason must be one of') });
    expect((await cli('--help')).stdout).toContain('leadwire dlq replay --all');
    tmp.cleanup();
  });
});
