import { afterEach, describe, expect, it } from 'vitest';
import type { DedupePlan, FrequencyReader, Job, LedgerCandidate } from '../src/storage/ports.js';
import { aLead, tempStore, type TestStore } from './helpers.js';
import { consentId } from '../src/storage/sqlite/job-queue.js';
import { newId } from '../src/lib/ids.js';
import type { LeadState } from '../src/domain/types.js';

/** A lead's state as the dedupe stage hands it to the ledger. */
const person = (fields: Record<string, unknown> = {}): LeadState => ({ data: { fields }, flags: [], score: null, segment: null, owner: null, routingReason: null, crmIds: {} });

let db: TestStore;
afterEach(async () => {
  await db.close();
});

async function claimedLead(email: string) {
  const r = await db.store.acceptLead({ sourceId: 'demo', input: { ...(aLead({ email }) as object), custom: {} }, meta: {}, bodyHash: email, dedupWindowMs: 0, idempotencyTtlMs: 1000 });
  if (r.outcome !== 'accepted') throw new Error(r.outcome);
  const [job] = await db.store.claim('w1', 1, 60_000);
  if (!job) throw new Error('no job');
  return job;
}

describe('identity ledger — name frequencies', () => {
  it('counts a new person once, even when the dedupe stage runs again, and reads counts for the keys asked', async () => {
    db = tempStore();
    const job = await claimedLead('anna@example.com');
    const claim = { identityKeys: ['email:anna@example.com'], blockingKeys: [], frequencyKeys: ['name:*', 'name:anna', 'name:kowalska'], person: person() };
    const reads: Array<ReadonlyMap<string, number>> = [];
    const decide = (_: unknown, read: FrequencyReader): DedupePlan => {
      reads.push(read(['name:*', 'name:anna', 'name:nobody']));
      return { action: 'new', suggestions: [] };
    };
    await db.store.resolveIdentity(job, 'w1', claim, decide);
    // A re-run after a crash between the ledger's commit and the stage's checkpoint.
    await db.store.resolveIdentity(job, 'w1', claim, decide);
    expect(reads[0]).toEqual(new Map());
    expect(reads[1]).toEqual(new Map([['name:*', 1], ['name:anna', 1]]));
  });

  it('does not count a submission merged into a person', async () => {
    db = tempStore();
    const keys = ['name:*', 'name:anna'];
    const anna = await claimedLead('anna@example.com');
    await db.store.resolveIdentity(anna, 'w1', { identityKeys: [], blockingKeys: [], frequencyKeys: keys, person: person() }, () => ({ action: 'new', suggestions: [] }));
    const again = await claimedLead('anna.k@example.com');
    let read: FrequencyReader = () => new Map();
    const decide = (_: unknown, r: FrequencyReader): DedupePlan => ((read = r), { action: 'merge', into: anna.leadId, detail: {} });
    expect(await db.store.resolveIdentity(again, 'w1', { identityKeys: [], blockingKeys: [], frequencyKeys: keys, person: person() }, decide)).toEqual({ action: 'merge', into: anna.leadId, detail: {} });
    expect(read(keys)).toEqual(new Map([['name:*', 1], ['name:anna', 1]]));
  });
});

describe('identity ledger — candidates', () => {
  const fields = (company: string) => ({ email: null, phone: null, firstName: 'Anna', lastName: 'Kowalska', company });
  /** Saves the lead's normalized fields (its identity profile) under the job's lease. */
  const saveFields = (job: Job, company: string, next: 'dedupe' | 'consent') =>
    db.store.completeStages(job, 'w1', { steps: [{ stage: 'validate', status: 'validated', patch: { data: { fields: fields(company) } }, durationMs: 0, at: Date.now(), detail: {} }], next, leaseMs: 60_000 });

  it("stores a new person's profile with its keys, before its job's checkpoint: the next submission is matched against it", async () => {
    db = tempStore();
    const anna = await claimedLead('anna@example.com');
    const claim = { identityKeys: ['email:anna@example.com'], blockingKeys: ['nn:test'], frequencyKeys: [], person: person(fields('Acme')) };
    await db.store.resolveIdentity(anna, 'w1', claim, () => ({ action: 'new', suggestions: [] }));
    const other = await claimedLead('anna.k@example.com');
    const seen: LedgerCandidate[][] = [];
    await db.store.resolveIdentity(other, 'w1', { ...claim, person: person(fields('Acme')) }, (candidates) => (seen.push(candidates), { action: 'new', suggestions: [] }));
    expect(seen.map((candidates) => candidates.map((c) => [c.leadId, c.state.data]))).toEqual([[[anna.leadId, { fields: fields('Acme') }]]]);
  });

  it('hands back one state object while a candidate is unchanged, and a new one after its profile changed', async () => {
    db = tempStore();
    const anna = await claimedLead('anna@example.com');
    const claim = { identityKeys: [], blockingKeys: ['nn:test'], frequencyKeys: [], person: person(fields('Acme')) };
    await db.store.resolveIdentity(anna, 'w1', claim, () => ({ action: 'new', suggestions: [] }));
    const other = await claimedLead('other@example.com');
    const seen: LedgerCandidate[][] = [];
    const decide = (candidates: LedgerCandidate[]): DedupePlan => (seen.push(candidates), { action: 'new', suggestions: [] });
    await db.store.resolveIdentity(other, 'w1', claim, decide);
    await db.store.resolveIdentity(other, 'w1', claim, decide);
    // A merge absorbed a new company into Anna's lead.
    await saveFields(anna, 'Acme Holding', 'consent');
    await db.store.resolveIdentity(other, 'w1', claim, decide);
    const [first, second, third] = seen.map((candidates) => candidates.map((c) => c.state));
    expect(seen.map((candidates) => candidates.map((c) => c.leadId))).toEqual([[anna.leadId], [anna.leadId], [anna.leadId]]);
    expect(second?.[0]).toBe(first?.[0]);
    expect(third?.[0]).not.toBe(first?.[0]);
    expect(third?.[0]?.data).toMatchObject({ fields: { company: 'Acme Holding' } });
  });

  it('offers no lead merged into another as a candidate, even after the merged lead checkpoints again', async () => {
    db = tempStore();
    const claim = { identityKeys: [], blockingKeys: ['nn:test'], frequencyKeys: [], person: person(fields('Acme')) };
    const anna = await claimedLead('anna@example.com');
    await db.store.resolveIdentity(anna, 'w1', claim, () => ({ action: 'new', suggestions: [] }));
    const again = await claimedLead('anna.k@example.com');
    const seen: string[][] = [];
    const merge = (candidates: LedgerCandidate[]): DedupePlan => (seen.push(candidates.map((c) => c.leadId)), { action: 'merge', into: anna.leadId, detail: {} });
    await db.store.resolveIdentity(again, 'w1', claim, merge);
    // The merged submission's job still commits what it ran (its state keeps the fields).
    await saveFields(again, 'Acme', 'dedupe');
    await db.store.completeStages({ ...again, stage: 'dedupe' }, 'w1', { steps: [{ stage: 'dedupe', status: 'merged-into', patch: {}, durationMs: 0, at: Date.now(), detail: {} }], next: null, leaseMs: 60_000, finalStatus: 'merged' });
    const third = await claimedLead('third@example.com');
    const decide = (candidates: LedgerCandidate[]): DedupePlan => (seen.push(candidates.map((c) => c.leadId)), { action: 'new', suggestions: [] });
    await db.store.resolveIdentity(third, 'w1', claim, decide);
    expect(seen).toEqual([[anna.leadId], [anna.leadId]]);
    // Anna's and the third person's: none for the merged submission.
    expect(db.count('lead_profiles')).toBe(2);
  });
});

describe('consent ids', () => {
  it('are the same for the same job and purpose, and start with the time of the job', () => {
    const early = newId('jb', Date.UTC(2026, 0, 1));
    const late = newId('jb', Date.UTC(2026, 0, 2));
    expect(consentId(early, 'marketing')).toBe(consentId(early, 'marketing'));
    expect(consentId(early, 'marketing')).not.toBe(consentId(early, 'processing'));
    expect(consentId(early, 'marketing').slice(3, 13)).toBe(early.slice(3, 13));
    const ids = [consentId(late, 'marketing'), consentId(early, 'processing'), consentId(early, 'marketing')];
    expect([...ids].sort().map((id) => id.slice(0, 13))).toEqual([ids[1], ids[2], ids[0]].map((id) => id!.slice(0, 13)));
  });
});
