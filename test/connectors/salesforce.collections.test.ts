import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../src/pipeline/errors.js';
import type { PersonRecord } from '../../src/connectors/types.js';
import { salesforcePerSuite } from './salesforce-setup.js';

/**
 * Salesforce batches through sObject Collections, over real HTTP against the sandbox: 200 records
 * a call, `allOrNone: false`, per-record answers mapped to per-item outcomes, and the records a
 * collection cannot settle (a duplicate rule's match) finished one by one.
 */

const API = '/sandbox/salesforce/services/data/v62.0';
let seq = 0;
const person = (overrides: Partial<PersonRecord> = {}): PersonRecord => {
  seq += 1;
  return { leadId: `col-${seq}`, keys: { email: `col${seq}@batch.example.com`, phone: null }, firstName: 'Bart', lastName: `Batch${seq}`, ownerId: null, fields: {}, labels: [], companyId: null, ...overrides };
};

describe('salesforce sObject Collections', () => {
  const sf = salesforcePerSuite();
  const calls = (route: string) => sf().kit.counters.byRoute[route] ?? 0;
  const raw = async (method: string, path: string, body: unknown) => {
    const { http } = sf().makeClient();
    await http.refresh();
    return fetch(`${sf().baseUrl}/services/data/v62.0${path}`, { method, headers: { authorization: `Bearer ${http.oauth.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  };

  it('writes 250 persons in a handful of calls: one SOQL per type and 100 emails, an update collection, an upsert collection per type and 200', async () => {
    const existing = [person(), person()];
    const existingIds = (await sf().connector.upsertPersons(existing, [null, null])).map((o) => (o.ok ? o.id : ''));
    const fresh = Array.from({ length: 240 }, () => person());
    const contacts = Array.from({ length: 6 }, () => person({ role: 'contact' }));
    const batch = [...existing.map((p) => ({ ...p, firstName: 'Lisa' })), ...fresh, ...contacts, person({ keys: { email: 'not-an-email', phone: null } })];
    const before = { ...sf().kit.counters.byRoute };
    const outcomes = await sf().connector.upsertPersons(batch, batch.map(() => null));

    expect(outcomes).toHaveLength(batch.length);
    expect(outcomes.slice(0, 2)).toEqual(existingIds.map((id) => ({ ok: true, id, created: false })));
    expect(outcomes.slice(2, 242).every((o) => o.ok && o.created && o.id.startsWith('00Q'))).toBe(true);
    expect(outcomes.slice(242, 248).every((o) => o.ok && o.created && o.id.startsWith('003'))).toBe(true);
    const bad = outcomes[248]!;
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toBeInstanceOf(PermanentError);
      expect(bad.error.message).toContain('INVALID_EMAIL_ADDRESS');
    }
    expect(sf().kit.get('Lead', existingIds[0]!)!.data.FirstName).toBe('Lisa');
    const delta = (route: string) => calls(route) - (before[route] ?? 0);
    expect(delta(`GET ${API}/query`)).toBe(4); // Lead: 3 × 100 emails, Contact: 1
    expect(delta(`PATCH ${API}/composite/sobjects`)).toBe(1);
    expect(delta(`PATCH ${API}/composite/sobjects/:object/:field`)).toBe(3); // Lead 200 + 41, Contact 6
    expect(delta(`PATCH ${API}/sobjects/:object/:field/:value`)).toBe(0);
    // Same batch again: every person found, all updated in two update calls, nothing created.
    const again = await sf().connector.upsertPersons(batch.slice(0, 248), batch.slice(0, 248).map(() => null));
    expect(again.every((o, i) => o.ok && !o.created && o.id === (outcomes[i] as { id: string }).id)).toBe(true);
    expect(sf().kit.all('Lead').filter((l) => String(l.data.Email).endsWith('@batch.example.com'))).toHaveLength(242);
  });

  it('finishes alone what a collection cannot settle: a duplicate rule match is adopted, a gone ledger id falls back to find-or-create', async () => {
    const manual = sf().kit.insert('Lead', { LastName: 'Flanders', Company: 'Leftorium', Email: 'ned@old.example.com', IsConverted: false }, '00QDn0000000nedAAAA');
    const gone = person();
    const batch = [person({ lastName: 'Flanders', fields: { Company: 'Leftorium' }, keys: { email: 'ned@new.example.com', phone: null } }), gone, person()];
    const outcomes = await sf().connector.upsertPersons(batch, [null, '00QDn0000000goneAAAA', null]);
    expect(outcomes[0]).toEqual({ ok: true, id: manual.id, created: false, adopted: true });
    expect(outcomes[1]).toMatchObject({ ok: true, created: true });
    expect(outcomes[2]).toMatchObject({ ok: true, created: true });
    expect(sf().kit.all('Lead').filter((l) => l.data.LastName === 'Flanders')).toHaveLength(1);
  });

  it('a collection whose answer is lost after the write is sent again without duplicating', async () => {
    const batch = [person(), person(), person()];
    sf().kit.faults = { ...sf().kit.faults, resetRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: ['PATCH /services/data/v62.0/composite/sobjects/Lead'] };
    const outcomes = await sf().connector.upsertPersons(batch, [null, null, null]);
    sf().kit.faults = { ...sf().kit.faults, resetRate: 0, maxInjections: null, paths: [] };
    expect(sf().kit.counters.injected['reset-after-write']).toBe(1);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    for (const p of batch) expect(sf().kit.all('Lead').filter((l) => l.data.Email === p.keys.email)).toHaveLength(1);
  });

  it('the sandbox answers per record in the SOAP style, and refuses more than 200 records', async () => {
    const res = await raw('POST', '/composite/sobjects', { allOrNone: false, records: [{ attributes: { type: 'Account' }, Name: 'Kwik-E-Mart' }, { attributes: { type: 'Account' } }, { attributes: { type: 'Contact' }, LastName: 'Nahasapeemapetilon' }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Array<Record<string, unknown>>;
    expect(body[0]).toMatchObject({ success: true, errors: [], id: expect.stringMatching(/^001/) });
    expect(body[1]).toEqual({ success: false, errors: [{ statusCode: 'REQUIRED_FIELD_MISSING', message: 'Required fields are missing: [Name]', fields: ['Name'] }] });
    expect(body[2]).toMatchObject({ success: true, id: expect.stringMatching(/^003/) });
    const tooMany = await raw('PATCH', '/composite/sobjects', { allOrNone: false, records: Array.from({ length: 201 }, () => ({ attributes: { type: 'Lead' }, id: '00Q' })) });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual([{ errorCode: 'EXCEEDED_ID_LIMIT', message: 'record limit reached. cannot submit more than 200 records into this call' }]);
  });
});

describe('salesforce notes, tasks and cases through collections', () => {
  const sf = salesforcePerSuite();

  const persons = async (n: number) => {
    const outcomes = await sf().connector.upsertPersons(Array.from({ length: n }, () => person()), Array.from({ length: n }, () => null));
    return outcomes.map((o) => (o.ok ? o.id : ''));
  };
  const note = (personId: string, i: number) => ({ leadId: `n${i}`, key: `note:collection:${personId}`, body: `Chat transcript ${i}\nAsked about pricing`, at: Date.now(), ownerId: null, links: { personId, companyId: null, dealId: null } });

  it('creates a fresh list of notes and tasks in one call each, and a re-run finds every one by its marker', async () => {
    const ids = await persons(30);
    const before = sf().kit.counters.byRoute[`POST ${API}/composite/sobjects`] ?? 0;
    const notes = ids.map(note);
    const created = await sf().connector.addNotes(notes, { reconcile: false });
    expect(created.every((o) => o.ok && o.created && o.id.startsWith('002'))).toBe(true);
    const tasks = ids.map((personId, i) => ({ leadId: `t${i}`, key: `task:collection:${personId}`, subject: 'Call back', body: 'x', dueAt: Date.now(), priority: 'high' as const, type: 'call' as const, ownerId: null, links: { personId, companyId: null, dealId: null } }));
    expect((await sf().connector.createTasks(tasks, { reconcile: false })).every((o) => o.ok && o.created)).toBe(true);
    expect((sf().kit.counters.byRoute[`POST ${API}/composite/sobjects`] ?? 0) - before).toBe(2);
    const rerun = await sf().connector.addNotes(notes, { reconcile: true });
    expect(rerun.map((o) => (o.ok ? o.id : null))).toEqual(created.map((o) => (o.ok ? o.id : null)));
    for (const personId of ids) expect(sf().kit.all('Note').filter((n) => n.data.ParentId === personId)).toHaveLength(1);
  });

  it('a collection create whose answer is lost lands each note exactly once (each looked for by its marker)', async () => {
    const ids = await persons(5);
    sf().kit.faults = { ...sf().kit.faults, resetRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: ['POST /services/data/v62.0/composite/sobjects'] };
    const outcomes = await sf().connector.addNotes(ids.map(note), { reconcile: false });
    sf().kit.faults = { ...sf().kit.faults, resetRate: 0, maxInjections: null, paths: [] };
    expect(sf().kit.counters.injected['reset-after-write']).toBe(1);
    expect(outcomes.every((o) => o.ok && !o.created && o.adopted)).toBe(true);
    for (const personId of ids) expect(sf().kit.all('Note').filter((n) => n.data.ParentId === personId)).toHaveLength(1);
  });

  it('one bad record fails alone: a note on a person that does not exist', async () => {
    const [personId] = await persons(1);
    const outcomes = await sf().connector.addNotes([note(personId!, 1), note('00QDn0000000nobodyAAA', 2)], { reconcile: false });
    expect(outcomes[0]).toMatchObject({ ok: true, created: true });
    expect(outcomes[1]!.ok).toBe(false);
  });
});
