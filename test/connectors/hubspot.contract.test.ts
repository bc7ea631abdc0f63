import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthExpiredError, PermanentError } from '../../src/pipeline/errors.js';
import type { ItemOutcome } from '../../src/connectors/types.js';
import { aCompany, aDeal, aNote, aPerson, aTask } from './hubspot.builders.js';
import { startHubspot, type HubspotSetup } from './hubspot.setup.js';
import { runConnectorContract } from './contract.case.js';

/**
 * The HubSpot connector against its sandbox over real HTTP: the shared contract suite, then the
 * cases HubSpot adds (207 batches, 409 adoption, static lists, search lag).
 */

runConnectorContract('hubspot', () => startHubspot());

const idOf = (o: ItemOutcome | undefined) => {
  if (!o?.ok) throw new Error(`expected ok, got ${o && !o.ok ? o.error.message : 'nothing'}`);
  return o.id;
};

let s: HubspotSetup;
beforeEach(async () => {
  s = await startHubspot();
});
afterEach(async () => {
  await s.close();
});

describe('hubspot connector: persons', () => {
  it('creates a person, then finds it by email and by phone', async () => {
    const [outcome] = await s.connector.upsertPersons([aPerson({ email: 'ann@example.com', phone: '+14155550100' })], [null]);
    expect(outcome).toMatchObject({ ok: true, created: true });
    expect(await s.connector.findPerson({ email: 'ann@example.com', phone: null })).toBe(idOf(outcome));
    expect(await s.connector.findPerson({ email: null, phone: '+14155550100' })).toBe(idOf(outcome));
    expect(await s.connector.findPerson({ email: 'nobody@example.com', phone: null })).toBeNull();
  });

  it('does not duplicate a person upserted again without a known id', async () => {
    const [first] = await s.connector.upsertPersons([aPerson({ email: 'bob@example.com' })], [null]);
    const [second] = await s.connector.upsertPersons([aPerson({ email: 'bob@example.com', firstName: 'Bobby' })], [null]);
    expect(second).toMatchObject({ ok: true, created: false, id: idOf(first) });
    const persons = await s.inspect.persons();
    expect(persons.filter((p) => p.email === 'bob@example.com')).toHaveLength(1);
    expect(s.kit.get('contacts', idOf(first))?.data.firstname).toBe('Bobby');
  });

  it('updates by known id, and falls back to the keys when the known id is gone', async () => {
    const [created] = await s.connector.upsertPersons([aPerson({ email: 'cy@example.com' })], [null]);
    const [updated] = await s.connector.upsertPersons([aPerson({ email: 'cy@example.com', lastName: 'Renamed' })], [idOf(created)]);
    expect(updated).toMatchObject({ ok: true, id: idOf(created), created: false });
    expect(s.kit.get('contacts', idOf(created))?.data.lastname).toBe('Renamed');
    const [fallback] = await s.connector.upsertPersons([aPerson({ email: 'cy@example.com' })], ['999999']);
    expect(fallback).toMatchObject({ ok: true, id: idOf(created), created: false });
    expect(s.exchanges.some((e) => e.method === 'PATCH' && e.url.startsWith('/crm/v3/objects/contacts/999999') && e.status === 404)).toBe(true);
  });

  it('adopts the existing contact when a known id update hits a taken email (409 CONFLICT)', async () => {
    const [a] = await s.connector.upsertPersons([aPerson({ email: 'a@example.com' })], [null]);
    const [b] = await s.connector.upsertPersons([aPerson({ email: 'b@example.com' })], [null]);
    const [moved] = await s.connector.upsertPersons([aPerson({ email: 'a@example.com' })], [idOf(b)]);
    expect(moved).toMatchObject({ ok: true, id: idOf(a), adopted: true });
    expect(s.exchanges.filter((e) => e.status === 409)).toHaveLength(1);
  });

  it('reads by email are consistent; search (phone) lags writes like HubSpot’s index', async () => {
    s.kit.faults = { ...s.kit.faults, searchLagMs: 60_000 };
    const [outcome] = await s.connector.upsertPersons([aPerson({ email: 'lag@example.com', phone: '+14155550199' })], [null]);
    expect(await s.connector.findPerson({ email: 'lag@example.com', phone: null })).toBe(idOf(outcome));
    expect(await s.connector.findPerson({ email: null, phone: '+14155550199' })).toBeNull();
    s.kit.faults = { ...s.kit.faults, searchLagMs: 0 };
    expect(await s.connector.findPerson({ email: null, phone: '+14155550199' })).toBe(idOf(outcome));
  });

  it('answers one outcome per item in a batch; one invalid email fails alone', async () => {
    const persons = [aPerson(), aPerson({ email: 'not-an-email@' }), aPerson(), aPerson({ email: null, phone: '+14155550111' }), aPerson({ email: null, phone: null })];
    const outcomes = await s.connector.upsertPersons(persons, persons.map(() => null));
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true, false]);
    const bad = outcomes[1] as { ok: false; error: PermanentError };
    expect(bad.error).toBeInstanceOf(PermanentError);
    expect(bad.error.code).toBe('CRM_REJECTED');
    expect(bad.error.message).toContain('VALIDATION_ERROR');
    expect(bad.error.message).not.toContain('not-an-email');
    expect((outcomes[4] as { ok: false; error: PermanentError }).error.code).toBe('VALIDATION');
    expect(await s.inspect.persons()).toHaveLength(3);
    expect(s.exchanges.filter((e) => e.url === '/crm/v3/objects/contacts/batch/upsert').map((e) => e.status)).toEqual([207]);
  });

  it('links persons to their company, found again by domain', async () => {
    const [company] = await s.connector.upsertCompanies([aCompany({ domain: 'acme.example' })], [null]);
    const [again] = await s.connector.upsertCompanies([aCompany({ domain: 'ACME.example', name: 'Acme Inc' })], [null]);
    expect(again).toMatchObject({ ok: true, id: idOf(company), created: false });
    const [person] = await s.connector.upsertPersons([aPerson({ companyId: idOf(company) })], [null]);
    expect((await s.inspect.persons()).find((p) => p.id === idOf(person))?.companyId).toBe(idOf(company));
  });

  it('adds persons to the configured static list', async () => {
    await s.close();
    s = await startHubspot({ lists: [{ listId: '42', name: 'Chatbot leads' }], account: { listId: '42' } });
    expect(s.connector.capabilities.labels).toBe(true);
    const outcomes = await s.connector.upsertPersons([aPerson(), aPerson()], [null, null]);
    const members = s.kit.all('list_memberships').map((m) => m.data.recordId);
    expect(members.sort()).toEqual(outcomes.map(idOf).sort());
  });
});

describe('hubspot connector: deals, notes, tasks', () => {
  it('creates them linked to the person (and company), and a reconcile re-send creates nothing new', async () => {
    const [company] = await s.connector.upsertCompanies([aCompany()], [null]);
    const personId = idOf((await s.connector.upsertPersons([aPerson({ companyId: idOf(company) })], [null]))[0]);
    const deal = aDeal(personId, { links: { personId, companyId: idOf(company), dealId: null } });
    const [dealOutcome] = await s.connector.createDeals([deal], { reconcile: false });
    const dealId = idOf(dealOutcome);
    const notes = [aNote(personId, { links: { personId, companyId: null, dealId } }), aNote(personId)];
    const tasks = [aTask(personId)];
    expect((await s.connector.addNotes(notes, { reconcile: false })).map((o) => o.ok && o.created)).toEqual([true, true]);
    expect((await s.connector.createTasks(tasks, { reconcile: false }))[0]).toMatchObject({ ok: true, created: true });

    expect(await s.inspect.dealsOf(personId)).toEqual([{ title: deal.title }]);
    expect((await s.inspect.notesOf(personId)).sort()).toEqual(notes.map((n) => n.body).sort());
    expect(await s.inspect.tasksOf(personId)).toEqual([{ subject: 'Call back within 1 hour', ownerId: '77' }]);

    const again = await s.connector.addNotes(notes, { reconcile: true });
    expect(again.map((o) => o.ok && o.adopted)).toEqual([true, true]);
    expect(again.map((o) => idOf(o)).sort()).toEqual(s.kit.all('notes').map((r) => r.id).sort());
    expect((await s.connector.createTasks(tasks, { reconcile: true }))[0]).toMatchObject({ ok: true, adopted: true });
    expect((await s.connector.createDeals([deal], { reconcile: true }))[0]).toMatchObject({ ok: true, id: dealId, adopted: true });
    expect(s.kit.all('notes')).toHaveLength(2);
    expect(s.kit.all('tasks')).toHaveLength(1);
    expect(s.kit.all('deals')).toHaveLength(1);
  });

  it('a lost answer to a note create yields exactly one note', async () => {
    const personId = idOf((await s.connector.upsertPersons([aPerson()], [null]))[0]);
    s.kit.faults = { ...s.kit.faults, timeoutRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: ['/crm/v3/objects/notes'] };
    const [outcome] = await s.makeConnector(undefined, { timeoutMs: 300 }).addNotes([aNote(personId)], { reconcile: false });
    expect(outcome).toMatchObject({ ok: true, adopted: true });
    expect(s.kit.counters.injected).toEqual({ 'timeout-after-write': 1 });
    expect(s.kit.all('notes')).toHaveLength(1);
  });

  it('a lost answer to a batch of tasks yields exactly one task each', async () => {
    const personId = idOf((await s.connector.upsertPersons([aPerson()], [null]))[0]);
    s.kit.faults = { ...s.kit.faults, resetRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: ['/crm/v3/objects/tasks/batch/create'] };
    const outcomes = await s.connector.createTasks([aTask(personId), aTask(personId), aTask(personId)], { reconcile: false });
    expect(outcomes.every((o) => o.ok && o.adopted)).toBe(true);
    expect(s.kit.all('tasks')).toHaveLength(3);
  });

  it('a lost answer to a person upsert yields exactly one contact', async () => {
    s.kit.faults = { ...s.kit.faults, timeoutRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: ['/crm/v3/objects/contacts'] };
    const [outcome] = await s.makeConnector(undefined, { timeoutMs: 300 }).upsertPersons([aPerson({ email: 'lost@example.com' })], [null]);
    expect(outcome).toMatchObject({ ok: true });
    expect(s.kit.counters.injected).toEqual({ 'timeout-after-write': 1 });
    expect(await s.inspect.persons()).toHaveLength(1);
  });
});

describe('hubspot connector: account', () => {
  it('waits out a 429 from the ten-secondly window', async () => {
    await s.close();
    s = await startHubspot({ limits: { default: { limit: 3, intervalMs: 1_000 } }, prepared: false });
    // Another client of the same portal spends the window.
    for (let i = 0; i < 3; i += 1) await fetch(`${s.baseUrl}/account-info/v3/details`, { headers: { authorization: 'Bearer sandbox-token' } });
    const started = Date.now();
    expect(await s.connector.findPerson({ email: 'x@example.com', phone: null })).toBeNull();
    expect(s.http.stats().rateLimited).toBe(1);
    expect(s.kit.counters.byStatus['429']).toBe(1);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a wrong token is AuthExpiredError, and health says so', async () => {
    const wrong = s.makeConnector('pat-na1-wrong');
    await expect(wrong.findPerson({ email: 'a@example.com', phone: null })).rejects.toBeInstanceOf(AuthExpiredError);
    await expect(wrong.upsertPersons([aPerson()], [null])).rejects.toBeInstanceOf(AuthExpiredError);
    expect(await wrong.health()).toMatchObject({ ok: false, detail: { code: 'AUTH_EXPIRED' } });
    expect(await s.connector.health()).toMatchObject({ ok: true, detail: { portalId: 62515 } });
  });

  it('ensureCustomFields creates the properties once; custom values are then accepted', async () => {
    await s.close();
    s = await startHubspot({ prepared: false });
    const [rejected] = await s.connector.upsertPersons([aPerson({ fields: { lead_score: 80 } })], [null]);
    expect(rejected?.ok).toBe(false);
    const first = await s.connector.ensureCustomFields();
    expect(first.created.sort()).toEqual(['chatbot_source', 'conversation_id', 'initial_question', 'lead_score', 'leadsource']);
    expect(first.existing).toEqual([]);
    const second = await s.connector.ensureCustomFields();
    expect(second).toEqual({ created: [], existing: expect.arrayContaining(first.created) as unknown as string[] });
    const [accepted] = await s.connector.upsertPersons([aPerson({ fields: { lead_score: 80, conversation_id: 'cv_1' } })], [null]);
    const stored = s.kit.get('contacts', idOf(accepted))?.data;
    expect(stored).toMatchObject({ lead_score: '80', conversation_id: 'cv_1', leadsource: 'Chatbot AI' });
  });
});
