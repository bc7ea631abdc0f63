import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { manualClock } from '../src/lib/clock.js';
import type { ClaimedJob, ScheduledStep } from '../src/storage/ports.js';
import { aLead, tempStore, type TestStore } from './helpers.js';

/**
 * A follow-up plan is one job row until its steps come due (`ScheduledStep.then`): each step
 * becomes a job when the one before it is claimed, whatever then happens to that one.
 */
const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
let db: TestStore;
afterEach(async () => {
  await db.close();
});

/** The step jobs as the table holds them: key, due time (from T0) and how many followers ride on it. */
function stepRows(): Array<[string, number, number]> {
  const reader = new Database(db.file, { readonly: true });
  try {
    const rows = reader.prepare("SELECT key, run_at, chain FROM jobs WHERE kind = 'step' ORDER BY run_at").raw().all() as Array<[string, number, string | null]>;
    return rows.map(([key, runAt, chain]) => [key.slice(key.lastIndexOf(':') + 1), runAt - T0, chain === null ? 0 : (JSON.parse(chain) as unknown[]).length]);
  } finally {
    reader.close();
  }
}

/** A lead through its pipeline job, whose completion plans steps a, b, c at +1 s, +2 s, +3 s as one chain. */
async function planned(): Promise<string> {
  const accepted = await db.store.acceptLead({ sourceId: 'demo', input: { ...(aLead({ email: 'a@example.com' }) as object), custom: {} }, meta: {}, bodyHash: 'h', dedupWindowMs: 0, idempotencyTtlMs: 1000 });
  if (accepted.outcome !== 'accepted') throw new Error(accepted.outcome);
  const [job] = await db.store.claim('w', 1, 60_000);
  const step = (name: string, at: number): ScheduledStep => ({ key: `step:${accepted.leadId}:${name}`, runAt: T0 + at, payload: { name } });
  const schedule = [{ ...step('a', 1000), then: [step('b', 2000), step('c', 3000)] }];
  await db.store.completeStages(job!, 'w', { steps: [{ stage: 'follow-up', status: 'followup-scheduled', patch: {}, durationMs: 0, at: T0, detail: {} }], next: null, leaseMs: 60_000, schedule });
  return accepted.leadId;
}

async function claimStep(): Promise<ClaimedJob | undefined> {
  const [job] = await db.store.claim('w', 1, 60_000);
  return job;
}

describe('follow-up plan as one job', () => {
  it('schedules each step when the one before it is claimed: sent, retried or deferred, the next is not held back', async () => {
    const clock = manualClock(T0);
    db = tempStore(clock);
    await planned();
    expect(stepRows()).toEqual([['a', 1000, 2]]);
    expect(await claimStep()).toBeUndefined();

    clock.advance(1000);
    const a = await claimStep();
    expect(a?.payload).toEqual({ name: 'a' });
    expect(stepRows()).toEqual([['a', 1000, 0], ['b', 2000, 1]]);
    // a fails and waits for its retry; b comes due on time all the same.
    await db.store.retry(a!, 'w', { runAt: T0 + 60_000, detail: { error: 'SMTP 451' }, countsAsAttempt: true, durationMs: 1 });
    clock.advance(1000);
    const b = await claimStep();
    expect(b?.payload).toEqual({ name: 'b' });
    expect(stepRows()).toEqual([['b', 2000, 0], ['c', 3000, 0], ['a', 60_000, 0]]);
    // b is deferred past c (quiet hours): c runs at its own time.
    await db.store.finishStep(b!, 'w', { status: 'followup-deferred', detail: {}, durationMs: 1, deferUntil: T0 + 30_000 });
    clock.advance(1000);
    expect((await claimStep())?.payload).toEqual({ name: 'c' });
  });

  it('dropping a plan whose first step was not claimed yet drops the steps riding on it', async () => {
    const clock = manualClock(T0);
    db = tempStore(clock);
    const leadId = await planned();
    // A behaviour event re-scores the person, and the new segment has another plan: the old plan's
    // keys are unscheduled before its first step came due.
    await db.store.recordActivity(leadId, { type: 'pricing_page_view', at: T0, detail: {} });
    const [job] = await db.store.claim('w', 1, 60_000, { kind: 'process' });
    await db.store.completeStages(job!, 'w', {
      steps: [{ stage: 'follow-up', status: 'followup-scheduled', patch: {}, durationMs: 0, at: T0, detail: {} }],
      next: null,
      leaseMs: 60_000,
      unschedule: ['a', 'b', 'c'].map((name) => `step:${leadId}:${name}`),
      schedule: [{ key: `step:${leadId}:warm-a`, runAt: T0 + 5000, payload: { name: 'warm-a' } }],
    });
    expect(stepRows()).toEqual([['warm-a', 5000, 0]]);
    clock.advance(10_000);
    expect((await claimStep())?.payload).toEqual({ name: 'warm-a' });
    expect(await claimStep()).toBeUndefined();
  });
});
