import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { StageName } from '../src/domain/types.js';
import { manualClock, systemClock, type Clock } from '../src/lib/clock.js';
import { AuthExpiredError, PermanentError, RateLimitedError, RetryableError } from '../src/pipeline/errors.js';
import type { Stage } from '../src/pipeline/stage.js';
import { buildStages } from '../src/pipeline/stages/index.js';
import { createWorker, type Worker, type WorkerObserver } from '../src/pipeline/worker.js';
import { LeaseLostError, type Job } from '../src/storage/ports.js';
import { aLead, tempStore, type TestStore } from './helpers.js';

const silent = { info() {}, warn() {}, error() {}, debug() {} };
const settings = { concurrency: 2, leaseMs: 1000, pollIntervalMs: 10, shutdownDeadlineMs: 500 };
const retry = { baseDelayMs: 5, maxDelayMs: 20, maxAttempts: 3, maxAttemptsByStage: {} };

let db: TestStore;
let worker: Worker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await db.close();
});

/** Resolves when the worker reports the outcome for a lead: synchronisation on events, not sleeps. */
function observer() {
  const waiting: Array<{ leadId: string; outcome: string; resolve: () => void }> = [];
  const seen: Array<{ leadId: string; outcome: string }> = [];
  const obs: WorkerObserver = {
    job(job: Job, outcome) {
      seen.push({ leadId: job.leadId, outcome });
      for (const w of waiting.filter((w) => w.leadId === job.leadId && w.outcome === outcome)) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    },
  };
  const until = (leadId: string, outcome: string) =>
    seen.some((s) => s.leadId === leadId && s.outcome === outcome) ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ leadId, outcome, resolve }));
  return { obs, until, seen };
}

async function submit(store: TestStore['store'], email = 'a@example.com'): Promise<string> {
  const r = await store.acceptLead({ sourceId: 'demo', input: { ...(aLead({ email }) as object), custom: {} }, meta: {}, bodyHash: email, dedupWindowMs: 0, idempotencyTtlMs: 1000 });
  if (r.outcome !== 'accepted') throw new Error(r.outcome);
  return r.leadId;
}

function start(stages: Partial<Record<StageName, Stage>>, obs: WorkerObserver, clock: Clock = systemClock, overrides: Partial<typeof retry> = {}, pipelineOnly = false): Worker {
  worker = createWorker({ queue: db.store, stages: buildStages(stages), steps: { run: async () => ({ status: 'followup-sent', detail: {} }) }, worker: settings, retry: { ...retry, ...overrides }, clock, log: silent, observer: obs, random: () => 0.5, pipelineOnly });
  worker.start();
  return worker;
}

const statuses = async (leadId: string) => (await db.store.listEvents(leadId)).map((e) => e.status);
const failing = (name: StageName, errors: Error[]): Stage => ({
  name,
  run: () => {
    const error = errors.shift();
    if (error) throw error;
    return { detail: { ok: true }, patch: { score: 42 } };
  },
});

describe('worker', () => {
  it('runs every stage in order, one event each, then completes the lead and removes its job', async () => {
    db = tempStore();
    const { obs, until } = observer();
    const leadId = await submit(db.store);
    start({}, obs);
    await until(leadId, 'completed');
    expect(await statuses(leadId)).toEqual(['received', 'validated', 'enriched', 'deduped', 'consent-recorded', 'scored', 'routed', 'synced', 'followup-scheduled', 'completed']);
    const events = await db.store.listEvents(leadId);
    expect(events[7]).toMatchObject({ stage: 'sync', durationMs: expect.any(Number), detail: { implemented: false, note: expect.stringContaining('no CRM accounts') } });
    expect((await db.store.getLead(leadId))?.status).toBe('completed');
    expect(db.count('jobs')).toBe(0);
  });

  it('leaves due follow-up steps alone when it claims pipeline jobs only, and another worker runs them', async () => {
    db = tempStore();
    const { obs, until, seen } = observer();
    const [first, second] = [await submit(db.store), await submit(db.store, 'b@example.com')];
    const plan: Stage = { name: 'follow-up', run: ({ lead }) => ({ schedule: [{ key: `step:${lead.id}:confirm`, runAt: 0, payload: {} }] }) };
    start({ 'follow-up': plan }, obs, systemClock, {}, true);
    await Promise.all([until(first, 'completed'), until(second, 'completed')]);
    expect(seen.filter((s) => s.outcome === 'completed')).toHaveLength(2);
    expect(db.count('jobs')).toBe(2);
    await worker!.stop();
    let stepsDone = 0;
    await new Promise<void>((resolve) => {
      start({}, { job: (job, outcome) => void (job.kind === 'step' && outcome === 'completed' && ++stepsDone === 2 && resolve()) });
    });
    expect(db.count('jobs')).toBe(0);
    expect(await statuses(first)).toContain('followup-sent');
  });

  it("commits a job that runs through once, at the end: a stage's own write comes first, and is replayed after a crash", async () => {
    db = tempStore();
    const { obs, until } = observer();
    const leadId = await submit(db.store);
    const outcomes: string[] = [];
    const seenByScore: string[][] = [];
    let poison = true;
    start(
      {
        validate: { name: 'validate', run: () => ({ patch: { flags: ['checked'], data: { fields: { email: 'a@example.com' } } } }) },
        dedupe: {
          name: 'dedupe',
          async run({ lead, lease }) {
            const claim = { identityKeys: ['email:a@example.com'], blockingKeys: [], frequencyKeys: [], person: lead };
            outcomes.push((await db.store.resolveIdentity(lease.job, lease.owner, claim, () => ({ action: 'new', suggestions: [] }))).action);
            return {};
          },
        },
        score: { name: 'score', run: async () => (seenByScore.push(await statuses(leadId)), {}) },
        // A BigInt cannot be serialised: the first run's checkpoint fails in its savepoint and the
        // job crashes; its lease runs out, and the next claim runs it again from the start.
        'follow-up': { name: 'follow-up', run: () => ({ detail: poison ? ((poison = false), { n: 1n }) : {} }) },
      },
      obs,
    );
    await until(leadId, 'completed');
    // Nothing of the run was committed before its end, though the ledger's write was…
    expect(seenByScore).toEqual([['received'], ['received']]);
    expect(outcomes).toEqual(['new', 'new']);
    // …and the re-run replayed that write instead of adding to it.
    expect(db.count('identities')).toBe(1);
    expect(db.count('lead_profiles')).toBe(1);
    expect(await statuses(leadId)).toEqual(['received', 'validated', 'enriched', 'deduped', 'consent-recorded', 'scored', 'routed', 'synced', 'followup-scheduled', 'completed']);
    expect((await db.store.getLead(leadId))?.flags).toEqual(['checked']);
  });

  it('retries a RetryableError with backoff and carries on from the failed stage', async () => {
    db = tempStore();
    const { obs, until } = observer();
    const leadId = await submit(db.store);
    start({ score: failing('score', [new RetryableError('timeout', 'CRM_5XX'), new RetryableError('reset', 'CRM_5XX')]) }, obs);
    await until(leadId, 'completed');
    const events = await db.store.listEvents(leadId);
    expect(events.map((e) => e.status)).toEqual(['received', 'validated', 'enriched', 'deduped', 'consent-recorded', 'retry-scheduled', 'retry-scheduled', 'scored', 'routed', 'synced', 'followup-scheduled', 'completed']);
    expect(events.filter((e) => e.status === 'retry-scheduled').map((e) => e.detail.attempt)).toEqual([1, 2]);
    expect((await db.store.getLead(leadId))?.score).toBe(42);
  });

  it('dead-letters after the last attempt with the reason code and an alert; a replay resumes at that stage', async () => {
    db = tempStore();
    const { obs, until } = observer();
    const leadId = await submit(db.store);
    const errors = [1, 2, 3].map(() => new RetryableError('HubSpot 503', 'CRM_5XX'));
    start({ sync: failing('sync', errors) }, obs);
    await until(leadId, 'dead-letter');
    const [letter] = await db.store.listDeadLetters({ limit: 10 });
    expect(letter).toMatchObject({ leadId, stage: 'sync', reason: 'CRM_5XX', attempts: 3, error: 'HubSpot 503', replayedAt: null });
    expect((await db.store.getLead(leadId))?.status).toBe('dead-lettered');
    expect((await statuses(leadId)).slice(-2)).toEqual(['dead-lettered', 'alert']);
    expect(db.count('jobs')).toBe(0);

    expect(await db.store.replay(letter!.id)).toMatchObject({ outcome: 'replayed', leadId });
    expect(await db.store.replay(letter!.id)).toMatchObject({ outcome: 'already-replayed' });
    worker!.wake();
    await until(leadId, 'completed');
    const after = await statuses(leadId);
    expect(after.slice(after.indexOf('replayed'))).toEqual(['replayed', 'synced', 'followup-scheduled', 'completed']);
    expect(after.filter((s) => s === 'validated')).toHaveLength(1);
    expect(await db.store.listDeadLetters({ limit: 10 })).toEqual([]);
  });

  it('dead-letters a PermanentError at once', async () => {
    db = tempStore();
    const { obs, until } = observer();
    const leadId = await submit(db.store);
    start({ validate: failing('validate', [new PermanentError('not a lead', 'VALIDATION')]) }, obs);
    await until(leadId, 'dead-letter');
    expect((await db.store.listDeadLetters({ limit: 10 }))[0]).toMatchObject({ reason: 'VALIDATION', attempts: 1, stage: 'validate' });
  });

  it('honours Retry-After of a RateLimitedError and dead-letters as RATE_LIMIT_EXHAUSTED', async () => {
    db = tempStore();
    const { obs, until } = observer();
    const leadId = await submit(db.store);
    start({ sync: failing('sync', [1, 2, 3].map(() => new RateLimitedError('429', 30))) }, obs);
    await until(leadId, 'dead-letter');
    const retries = (await db.store.listEvents(leadId)).filter((e) => e.status === 'retry-scheduled');
    expect(retries.map((e) => e.detail.retryInMs)).toEqual([30, 30]);
    expect((await db.store.listDeadLetters({ limit: 1 }))[0]?.reason).toBe('RATE_LIMIT_EXHAUSTED');
  });

  it('an AuthExpiredError pauses and alerts without burning attempts', async () => {
    db = tempStore();
    const { obs, until } = observer();
    const leadId = await submit(db.store);
    const errors = [1, 2, 3, 4, 5].map(() => new AuthExpiredError('token expired', 'hubspot:main'));
    start({ sync: failing('sync', errors) }, obs);
    await until(leadId, 'completed');
    const retries = (await db.store.listEvents(leadId)).filter((e) => e.status === 'retry-scheduled');
    expect(retries).toHaveLength(5);
    expect(retries.map((e) => e.detail.attempt)).toEqual([1, 1, 1, 1, 1]);
    expect(retries[0]?.detail.alert).toEqual({ kind: 'auth-expired', account: 'hubspot:main' });
  });

  it('a killed worker’s lease expires and another worker reclaims the job; the old owner’s writes are refused', async () => {
    const clock = manualClock(Date.now());
    db = tempStore(clock);
    const { obs, until } = observer();
    const leadId = await submit(db.store);
    const [dead] = await db.store.claim('worker-that-died', 1, 1000);
    expect(dead?.leadId).toBe(leadId);
    start({}, obs, clock);
    expect(await db.store.claim('someone-else', 5, 1000)).toEqual([]);
    clock.advance(1001);
    worker!.wake();
    await until(leadId, 'completed');
    await expect(db.store.completeStages(dead!, 'worker-that-died', { steps: [{ stage: 'validate', status: 'validated', patch: {}, durationMs: 0, at: clock.now(), detail: {} }], next: 'enrich', leaseMs: 1000 })).rejects.toBeInstanceOf(LeaseLostError);
    expect((await statuses(leadId)).filter((s) => s === 'validated')).toHaveLength(1);
  });

  it('never leases two jobs of one lead at once', async () => {
    db = tempStore();
    const leadId = await submit(db.store);
    const raw = new Database(db.file);
    raw.prepare("INSERT INTO jobs (workspace_id, id, lead_id, key, stage, attempts, run_at, created_at, updated_at) VALUES ('default', 'jb_second', ?, 'other', 'sync', 0, 0, 0, 0)").run(leadId);
    raw.close();
    const first = await db.store.claim('a', 10, 5000);
    expect(first).toHaveLength(1);
    expect(await db.store.claim('b', 10, 5000)).toEqual([]);
    await db.store.release(first[0]!, 'a');
    expect(await db.store.claim('b', 10, 5000)).toHaveLength(1);
  });

  it('stop() lets an in-flight stage finish within the deadline, then releases unfinished work', async () => {
    db = tempStore();
    const { obs, until, seen } = observer();
    const slow = await submit(db.store, 'slow@example.com');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let entered!: () => void;
    const inStage = new Promise<void>((resolve) => (entered = resolve));
    start({ route: { name: 'route', run: async () => (entered(), await gate, { detail: {} }) } }, obs);
    await inStage;
    const stopped = worker!.stop();
    open();
    await stopped;
    await until(slow, 'completed');
    expect(seen.filter((s) => s.outcome === 'released')).toEqual([]);

    // A stage that outlives the deadline: aborted, released at the boundary, attempt not counted.
    const stuck = await submit(db.store, 'stuck@example.com');
    start({ route: { name: 'route', run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))) } }, obs);
    const stopping = new Promise<void>((resolve) => {
      const poll = () => (worker!.inFlight() > 0 ? resolve() : setImmediate(poll));
      poll();
    });
    await stopping;
    await worker!.stop();
    await until(stuck, 'released');
    const [job] = await db.store.claim('after-restart', 1, 1000);
    expect(job).toMatchObject({ leadId: stuck, stage: 'route', attempts: 1 });
    worker = undefined;
  });
});
