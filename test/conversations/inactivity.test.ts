import { afterEach, describe, expect, it } from 'vitest';
import { createInactivitySweep } from '../../src/conversation/inactivity-sweep.js';
import { createConversationService } from '../../src/conversation/service.js';
import { manualClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/storage/ports.js';
import { createSqliteStore } from '../../src/storage/sqlite/index.js';
import { admin, testConfig } from '../helpers.js';
import { startPipeline, type Pipeline } from '../pipeline-harness.js';
import { CATALOGUE, msg, open, read, SALES_CHAT, send } from './chat.js';

let p: Pipeline;
afterEach(async () => {
  await p.close();
});

const config = testConfig(`${CATALOGUE}  inactivityTimeoutMinutes: 30\n`);
const quiet = { info() {}, error() {} };

function sweepOn(store: Store, clock: { now(): number }) {
  const service = createConversationService({ store, config, clock });
  return createInactivitySweep({ store, service, timeoutMinutes: 30, everyMs: 60_000, clock, log: quiet });
}

describe('inactivity timeout', () => {
  it('ends idle conversations from the database state, after a restart too; a new message keeps one open', async () => {
    const clock = manualClock(Date.parse('2026-03-02T10:00:00Z'));
    p = await startPipeline(config, clock);
    const idle = (await open(p.app, { channel: 'webchat', externalId: 'idle', messages: SALES_CHAT })).json();
    const busy = (await open(p.app, { channel: 'webchat', externalId: 'busy', messages: [msg('1', 'user', 'Hello?')] })).json();
    await p.drained();

    clock.advance(20 * 60_000);
    expect(await sweepOn(p.db.store, clock).sweep()).toBe(0);
    await send(p.app, busy.conversationId, msg('2', 'user', 'Anyone there?', 20));

    // A restart: the worker and the sweep start again, the sweep on a fresh connection to the same file.
    await p.restartWorker();
    clock.advance(15 * 60_000);
    const reopened = createSqliteStore({ file: p.db.file, workspaceId: 'default', clock, synchronous: 'FULL' });
    try {
      expect(await sweepOn(reopened, clock).sweep()).toBe(1);
    } finally {
      await reopened.close();
    }
    await p.drained();

    const ended = (await read(p.app, idle.conversationId)).json();
    expect(ended).toMatchObject({ status: 'ended', endReason: 'inactivity', endedAt: new Date(clock.now()).toISOString() });
    expect((await read(p.app, busy.conversationId)).json().status).toBe('open');
    const person = (await p.app.inject({ method: 'GET', url: `/v1/leads/${idle.leadId}`, headers: admin })).json();
    expect(person.identity.conversation.note).toBe(ended.analysis.note);
  });
});
