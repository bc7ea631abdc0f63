import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthExpiredError, PermanentError, RateLimitedError, RetryableError } from '../../src/pipeline/errors.js';
import type { ItemOutcome } from '../../src/connectors/types.js';
import { runConnectorContract } from './contract.case.js';
import { aDeal, aNote, aPerson, aTask, links, startPipedrive, type PipedriveHarness } from './pipedrive-setup.js';

/**
 * The Pipedrive connector against its sandbox over real HTTP: the shared contract suite, then the
 * cases only Pipedrive has (label ids, merged email lists, `success:false` with HTTP 200, token costs).
 */

runConnectorContract('pipedrive', () => startPipedrive());

const idOf = (outcome: ItemOutcome | undefined): string => {
  if (!outcome?.ok) throw new Error(`expected success, got ${outcome ? outcome.error.message : 'nothing'}`);
  return outcome.id;
};

describe('pipedrive connector', () => {
  let h: PipedriveHarness;
  beforeEach(async () => {
    h = await startPipedrive();
  });
  afterEach(() => h.close());

  it('creates a person found again by email and by phone, labelled, and re-upserts without a duplicate', async () => {
    const byEmail = aPerson({ email: 'ann@example.com', phone: null });
    const [first] = await h.connector.upsertPersons([byEmail], [null]);
    expect(first).toMatchObject({ ok: true, created: true });
    const byPhone = aPerson({ email: null, phone: '+48601234567' });
    const phoneId = idOf((await h.connector.upsertPersons([byPhone], [null]))[0]);
    expect(await h.connector.findPerson({ email: 'ANN@example.com', phone: null })).toBe(idOf(first));
    expect(await h.connector.findPerson({ email: null, phone: '+48601234567' })).toBe(phoneId);
    expect(await h.connector.findPerson({ email: 'nobody@example.com', phone: null })).toBeNull();

    const [again] = await h.connector.upsertPersons([{ ...byEmail, lastName: 'Lee-Smith' }], [null]);
    expect(again).toEqual({ ok: true, id: idOf(first), created: false });
    expect(await h.inspect.persons()).toHaveLength(2);
    const stored = h.kit.get('person', idOf(first))!.data;
    expect(stored.name).toBe('Ann Lee-Smith');
    const label = (h.kit.all('personField').find((f) => f.data.field_code === 'label_ids')!.data.options as Array<{ id: number; label: string }>).find((o) => o.label === 'Lead from Chatbot');
    expect(stored.label_ids).toEqual([label!.id]);
  });

  it('updates by knownId, merging emails; a knownId that is gone falls back to find/create', async () => {
    const id = idOf((await h.connector.upsertPersons([aPerson({ email: 'a@example.com' })], [null]))[0]);
    const [updated] = await h.connector.upsertPersons([aPerson({ email: 'second@example.com', phone: '+15551234567' })], [id]);
    expect(updated).toEqual({ ok: true, id, created: false });
    const data = h.kit.get('person', id)!.data;
    expect((data.emails as Array<{ value: string }>).map((e) => e.value)).toEqual(['a@example.com', 'second@example.com']);
    expect((data.phones as Array<{ value: string }>).map((e) => e.value)).toEqual(['+15551234567']);

    h.kit.update('person', id, { is_deleted: true });
    const [fresh] = await h.connector.upsertPersons([aPerson({ email: 'a@example.com' })], [id]);
    expect(fresh).toMatchObject({ ok: true, created: true });
    expect(idOf(fresh)).not.toBe(id);
  });

  it('answers per item in a batch: an invalid email is a CRM_REJECTED error, the others are written', async () => {
    const outcomes = await h.connector.upsertPersons([aPerson(), aPerson({ email: 'not-an-email@' }), aPerson()], [null, null, null]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    const error = (outcomes[1] as { error: unknown }).error;
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe('CRM_REJECTED');
    expect(await h.inspect.persons()).toHaveLength(2);
  });

  it('links person, organization, deal, note and call activity; reconcile re-sends create nothing new', async () => {
    const company = { leadId: 'l1', name: 'Acme', domain: 'acme.com', ownerId: null, fields: {} };
    const companyId = idOf((await h.connector.upsertCompanies([company], [null]))[0]);
    expect((await h.connector.upsertCompanies([company], [null]))[0]).toEqual({ ok: true, id: companyId, created: false });
    const personId = idOf((await h.connector.upsertPersons([aPerson({ companyId })], [null]))[0]);
    expect((await h.inspect.persons())[0]!.companyId).toBe(companyId);

    const deal = aDeal(personId, 'deal:l1', { links: links(personId, { companyId }) });
    const dealId = idOf((await h.connector.createDeals([deal], { reconcile: false }))[0]);
    const note = aNote(personId, 'note:l1', { links: links(personId, { companyId, dealId }) });
    const task = aTask(personId, 'task:l1', { links: links(personId, { companyId, dealId }) });
    expect((await h.connector.addNotes([note], { reconcile: false }))[0]).toMatchObject({ ok: true, created: true });
    expect((await h.connector.createTasks([task], { reconcile: false }))[0]).toMatchObject({ ok: true, created: true });

    const pipeline = h.kit.all('pipeline').find((p) => p.data.name === 'Inbound Leads')!;
    expect(h.kit.get('deal', dealId)!.data).toMatchObject({ pipeline_id: Number(pipeline.id), person_id: Number(personId), org_id: Number(companyId), value: 5000 });
    const activity = h.kit.all('activity')[0]!.data;
    expect(activity).toMatchObject({ type: 'call', due_date: '2026-01-15', deal_id: Number(dealId), owner_id: 1, participants: [{ person_id: Number(personId), primary: true }] });
    expect(await h.inspect.notesOf(personId)).toEqual([expect.stringContaining('[lw:note:l1]')]);

    expect((await h.connector.createDeals([deal], { reconcile: true }))[0]).toEqual({ ok: true, id: dealId, created: false, adopted: true });
    expect((await h.connector.addNotes([note], { reconcile: true }))[0]).toMatchObject({ ok: true, created: false, adopted: true });
    expect((await h.connector.createTasks([task], { reconcile: true }))[0]).toMatchObject({ ok: true, created: false, adopted: true });
    expect([(await h.inspect.dealsOf(personId)).length, (await h.inspect.notesOf(personId)).length, (await h.inspect.tasksOf(personId)).length]).toEqual([1, 1, 1]);
  });

  it('a create whose answer is lost yields exactly one record, even while search lags', async () => {
    const connector = h.makeConnector('sandbox-token', { timeoutMs: 300 });
    await connector.ensureCustomFields();
    h.kit.faults = { ...h.kit.faults, timeoutRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: ['POST /api/v2/persons'], searchLagMs: 60_000 };
    const [person] = await connector.upsertPersons([aPerson({ email: 'lost@example.com' })], [null]);
    expect(person).toMatchObject({ ok: true, created: false, adopted: true });
    expect(h.kit.counters.injected).toEqual({ 'timeout-after-write': 1 });
    // The ledger's knownId carries the next sync while search still cannot see the person.
    expect((await connector.upsertPersons([aPerson({ email: 'lost@example.com' })], [idOf(person)]))[0]).toMatchObject({ ok: true, id: idOf(person) });
    expect(await h.inspect.persons()).toHaveLength(1);

    h.kit.faults = { ...h.kit.faults, maxInjections: 1, paths: ['POST /v1/notes'] };
    expect((await connector.addNotes([aNote(idOf(person), 'note:lost')], { reconcile: false }))[0]).toMatchObject({ ok: true, adopted: true });
    expect(await h.inspect.notesOf(idOf(person))).toHaveLength(1);
  });

  it('an HTTP 200 with success:false is a retryable error, and the retry creates one note', async () => {
    const personId = idOf((await h.connector.upsertPersons([aPerson()], [null]))[0]);
    await fetch(`${h.baseUrl}/_sandbox/soft-failures`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ paths: ['/v1/notes'], count: 1 }) });
    const [failed] = await h.connector.addNotes([aNote(personId, 'note:soft')], { reconcile: false });
    expect(failed).toMatchObject({ ok: false });
    expect((failed as { error: unknown }).error).toBeInstanceOf(RetryableError);
    expect((await h.connector.addNotes([aNote(personId, 'note:soft')], { reconcile: true }))[0]).toMatchObject({ ok: true, created: true });
    expect(await h.inspect.notesOf(personId)).toHaveLength(1);
  });

  it('ensureCustomFields creates fields, label, pipeline and stage once; the second run creates nothing', async () => {
    const first = await h.connector.ensureCustomFields();
    expect(first.created).toEqual(expect.arrayContaining(['personFields:Qualification score', 'label:Lead from Chatbot', 'dealFields:Leadwire key', 'pipeline:Inbound Leads', 'stage:New lead']));
    const second = await h.makeConnector().ensureCustomFields();
    expect(second.created).toEqual([]);
    expect(second.existing.sort()).toEqual(first.created.sort());
  });

  it('writes mapped custom fields by field code', async () => {
    await h.connector.ensureCustomFields();
    const id = idOf((await h.connector.upsertPersons([aPerson({ fields: { 'Qualification score': 87, job_title: 'CTO' } })], [null]))[0]);
    const code = h.kit.all('personField').find((f) => f.data.field_name === 'Qualification score')!.data.field_code as string;
    expect(h.kit.get('person', id)!.data).toMatchObject({ job_title: 'CTO', custom_fields: { [code]: 87 } });
  });

  it('waits out a 429 from x-ratelimit-reset; a spent daily budget is a RateLimitedError', async () => {
    await h.connector.ensureCustomFields();
    h.kit.limits = { default: { limit: 3, intervalMs: 1000 }, search: { limit: 10, intervalMs: 1000 } };
    const outcomes = await h.connector.upsertPersons([aPerson(), aPerson(), aPerson()], [null, null, null]);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    expect(h.kit.counters.byStatus['429']).toBeGreaterThan(0);

    const poor = await startPipedrive({ dailyTokens: 40 });
    try {
      const [outcome] = await poor.connector.upsertPersons([aPerson()], [null]);
      const error = (outcome as { error: unknown }).error;
      expect(error).toBeInstanceOf(RateLimitedError);
      expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(2_000);
    } finally {
      await poor.close();
    }
  });

  it('a wrong token is AuthExpiredError for every item and an unhealthy health check', async () => {
    const connector = h.makeConnector('wrong-token');
    const outcomes = await connector.upsertPersons([aPerson(), aPerson()], [null, null]);
    expect(outcomes.map((o) => (o as { error: unknown }).error instanceof AuthExpiredError)).toEqual([true, true]);
    expect(h.kit.counters.byStatus['401']).toBe(1);
    expect(await connector.health()).toEqual({ ok: false, detail: { error: 'AUTH_EXPIRED', kind: 'auth-expired' } });
    expect(await h.connector.health()).toEqual({ ok: true, detail: { userId: 1, companyId: 1, companyDomain: 'sandbox' } });
  });
});
