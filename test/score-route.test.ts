import { afterEach, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline-harness.js';
import { admin, keyed, testConfig } from './helpers.js';
import { routeStage } from '../src/pipeline/stages/route.stage.js';
import type { Job } from '../src/storage/ports.js';

let p: Pipeline;
afterEach(async () => {
  await p?.close();
});

const ROUTING = `
routing:
  owners:
    anna: { name: Anna, timeZone: Europe/Warsaw }
    jan: { name: Jan, timeZone: Europe/Warsaw }
  teams:
    pl: { members: [anna, jan], strategy: round-robin }
  rules:
    - { id: pl, when: { field: country, equals: PL }, assign: { team: pl } }
`;

async function submit(body: object): Promise<string> {
  const res = await p.app.inject({ method: 'POST', url: '/v1/leads', headers: { ...keyed, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().leadId;
}
const getLead = async (id: string) => (await p.app.inject({ method: 'GET', url: `/v1/leads/${id}`, headers: admin })).json();

describe('score and route stages', () => {
  it('scores with a breakdown and rule-set version, and routes by rule with a stored reason', async () => {
    p = await startPipeline(testConfig(ROUTING));
    const id = await submit({ email: 'ceo@firma.pl', name: 'Ewa Nowak', company: 'Firma S.A.', country: 'PL', budget: '50 000 PLN', jobTitle: 'CEO' });
    await p.drained();
    const lead = await getLead(id);
    expect(lead.score).toBeGreaterThan(0);
    expect(lead.segment).toEqual(expect.any(String));
    expect(lead.identity.scoring.ruleSetVersion).toEqual(expect.any(String));
    expect(lead.identity.scoring.breakdown.length).toBeGreaterThan(0);
    const scored = lead.events.find((e: { status: string }) => e.status === 'scored');
    expect(scored.detail).toMatchObject({ score: lead.score, segment: lead.segment, breakdown: expect.any(Array) });
    expect(['anna', 'jan']).toContain(lead.owner);
    expect(lead.routingReason).toContain('rule=pl');
    expect(lead.routingReason).toContain(`owner=${lead.owner}`);
  });

  it('round robin stays fair across concurrent leads', async () => {
    p = await startPipeline(testConfig(ROUTING));
    const ids = await Promise.all(Array.from({ length: 20 }, (_, i) => submit({ email: `o${i}@firma${i}.pl`, country: 'PL' })));
    await p.drained();
    const owners = await Promise.all(ids.map(async (id) => (await getLead(id)).owner));
    expect(owners.filter((o) => o === 'anna')).toHaveLength(10);
    expect(owners.filter((o) => o === 'jan')).toHaveLength(10);
  });

  it('no matching rule → the triage queue with an alert, never unassigned', async () => {
    p = await startPipeline(testConfig(ROUTING));
    const id = await submit({ email: 'x@firma.de', country: 'DE' });
    await p.drained();
    const lead = await getLead(id);
    expect(lead.owner).toBeNull();
    expect(lead.identity.routing).toMatchObject({ queue: 'triage', fallback: true });
    expect(lead.events.find((e: { status: string }) => e.status === 'routed').detail).toMatchObject({ queue: 'triage', alert: { code: 'routing-fallback' } });
  });

  it('a re-run of the route stage gets the same decision and does not advance the rotation', async () => {
    p = await startPipeline(testConfig(ROUTING));
    await p.worker.stop();
    const accepted = await p.db.store.acceptLead({ sourceId: 'demo', input: { email: 'a@firma.pl', custom: {} }, meta: {}, bodyHash: 'h', dedupWindowMs: 0, idempotencyTtlMs: 1000 });
    const [job] = await p.db.store.claim('w', 1, 10_000);
    let calls = 0;
    const decide = (state: unknown) => ({ owner: 'anna', state: { seq: ((state as { seq?: number } | null)?.seq ?? 0) + 1, calls: ++calls } });
    const first = await p.db.store.assign(job!, 'w', '82|hot', decide);
    const again = await p.db.store.assign(job!, 'w', '82|hot', decide);
    expect(accepted.outcome).toBe('accepted');
    expect(calls).toBe(1);
    expect(again).toEqual(first);
    // A re-run that scored the lead differently (a behaviour window passed meanwhile) decides again.
    const rescored = await p.db.store.assign(job!, 'w', '64|warm', decide);
    expect(calls).toBe(2);
    expect(rescored.state).toEqual({ seq: 2, calls: 2 });
    expect(await p.db.store.assign(job!, 'w', '64|warm', decide)).toEqual(rescored);
    expect(p.db.count('assignments')).toBe(1);
  });

  it("sticks to the owner a crashed job gave the person, before the lead row says so", async () => {
    const config = testConfig(ROUTING);
    p = await startPipeline(config);
    await p.worker.stop();
    const store = p.db.store;
    const route = routeStage(config, store);
    const accepted = await store.acceptLead({ sourceId: 'demo', input: { email: 'a@firma.pl', country: 'PL', custom: {} }, meta: {}, bodyHash: 'h', dedupWindowMs: 0, idempotencyTtlMs: 1000 });
    if (accepted.outcome !== 'accepted') throw new Error(accepted.outcome);
    /** Claims the lead's next job and checkpoints it up to the route stage (no lead fields change). */
    const atRoute = async (): Promise<Job> => {
      const [job] = await store.claim('w', 1, 60_000);
      const steps = [{ stage: job!.stage, status: 'scored', patch: {}, durationMs: 0, at: Date.now(), detail: {} }];
      await store.completeStages(job!, 'w', { steps, next: 'route', leaseMs: 60_000 });
      return { ...job!, stage: 'route' };
    };
    const run = async (job: Job) => {
      const lead = (await store.getLead(accepted.leadId))!;
      return (await route.run({ lead, submission: lead, now: Date.now(), attempt: 1, signal: new AbortController().signal, lease: { job, owner: 'w' } })).patch?.owner;
    };
    const first = await atRoute();
    const owner = await run(first);
    // The job dies before its final checkpoint: the lead row still has no owner.
    await store.deadLetter(first, 'w', { reason: 'INTERNAL', error: 'crashed', detail: {}, durationMs: 0 });
    expect((await store.getLead(accepted.leadId))!.owner).toBeNull();
    // The person's next job (a behaviour event re-scores and re-routes) goes back to that owner,
    // where the round robin alone would hand the next lead to the other one.
    await store.recordActivity(accepted.leadId, { type: 'pricing_page_view', at: Date.now(), detail: {} });
    expect(await run(await atRoute())).toBe(owner);
  });
});
