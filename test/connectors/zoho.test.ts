import { afterEach, describe, expect, it } from 'vitest';
import { AuthExpiredError, PermanentError } from '../../src/pipeline/errors.js';
import type { ItemOutcome, PersonRecord } from '../../src/connectors/types.js';
import { startZoho, type ZohoHarness } from './zoho-setup.js';

/**
 * Zoho-only behaviour against its sandbox over real HTTP: access tokens that expire (forced mid-run,
 * by lifetime, under concurrency), a refresh that fails, DUPLICATE_DATA adoption, 100 per upsert.
 */

let seq = 0;
function aPerson(overrides: Partial<PersonRecord> & { email?: string | null; phone?: string | null } = {}): PersonRecord {
  seq += 1;
  const { email = `zlead${seq}@example.com`, phone = null, ...rest } = overrides;
  return { leadId: `zl-${seq}`, keys: { email, phone }, firstName: 'Ann', lastName: 'Lee', ownerId: null, fields: {}, labels: [], companyId: null, ...rest };
}
const idOf = (o: ItemOutcome | undefined): string => {
  if (!o?.ok) throw new Error(`expected success, got ${o ? o.error.message : 'nothing'}`);
  return o.id;
};
const note = (personId: string, key: string) => ({ leadId: 'n', key, body: 'Asked about pricing', at: Date.now(), ownerId: null, links: { personId, companyId: null, dealId: null } });
const control = (h: ZohoHarness, method: string, path: string, body?: unknown) =>
  fetch(`${h.baseUrl}/_sandbox/${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json() as Promise<Record<string, number>>);

describe('zoho connector: tokens', () => {
  let h: ZohoHarness;
  afterEach(() => h.close());

  it('a token expired mid-run is refreshed on INVALID_TOKEN and the write lands once', async () => {
    h = await startZoho();
    const personId = idOf((await h.connector.upsertPersons([aPerson()], [null]))[0]);
    await control(h, 'POST', 'expire-tokens');
    const [outcome] = await h.connector.addNotes([note(personId, 'note:expiry')], { reconcile: false });
    expect(outcome).toMatchObject({ ok: true, created: true });
    expect(await h.inspect.notesOf(personId)).toHaveLength(1);
    expect(h.kit.counters.byStatus['401']).toBe(1);
    expect((await control(h, 'GET', 'oauth')).refreshes).toBe(2);
  });

  it('refreshes before expires_in runs out, without a 401', async () => {
    let now = Date.now();
    const clock = () => now;
    h = await startZoho({ clock, tokenLifetimeSec: 60 });
    const { connector } = h.makeClient('sandbox-refresh', {}, clock);
    await connector.upsertPersons([aPerson()], [null]);
    now += 55_000; // inside the refresh margin (a tenth of the lifetime), before the sandbox expires it
    expect(await connector.findPerson({ email: 'absent@example.com', phone: null })).toBeNull();
    expect(h.kit.counters.byStatus['401']).toBeUndefined();
    expect((await control(h, 'GET', 'oauth')).refreshes).toBe(2);
  });

  it('concurrent calls that all meet an expired token share one refresh', async () => {
    h = await startZoho();
    const { connector, http } = h.makeClient();
    await connector.findPerson({ email: 'warm@example.com', phone: null });
    await control(h, 'POST', 'expire-tokens');
    const found = await Promise.all(Array.from({ length: 6 }, (_, i) => connector.findPerson({ email: `c${i}@example.com`, phone: null })));
    expect(found).toEqual([null, null, null, null, null, null]);
    expect(http.tokens.stats().refreshes).toBe(2);
    expect((await control(h, 'GET', 'oauth')).refreshes).toBe(2);
  });

  it('a refresh that fails is AuthExpiredError for every item and nothing is written', async () => {
    h = await startZoho();
    const personId = idOf((await h.connector.upsertPersons([aPerson()], [null]))[0]);
    await control(h, 'PUT', 'tokens', { tokens: [] }); // the refresh token is revoked: its access tokens die too
    const outcomes = await h.connector.addNotes([note(personId, 'note:a'), note(personId, 'note:b')], { reconcile: false });
    expect(outcomes.map((o) => !o.ok && o.error instanceof AuthExpiredError)).toEqual([true, true]);
    expect(await h.inspect.notesOf(personId)).toHaveLength(0);
    expect((await h.connector.health()).ok).toBe(false);
  });

  it('respects the refresh limit: a refused refresh is not retried in a loop', async () => {
    h = await startZoho({ refreshLimit: { limit: 1, intervalMs: 600_000 } });
    await h.connector.findPerson({ email: 'a@example.com', phone: null });
    await control(h, 'POST', 'expire-tokens');
    await expect(h.connector.findPerson({ email: 'b@example.com', phone: null })).rejects.toMatchObject({ kind: 'rate-limited' });
    expect((await control(h, 'GET', 'oauth')).refreshes).toBe(1);
  });
});

describe('zoho connector: leads', () => {
  let h: ZohoHarness;
  afterEach(() => h.close());

  it('DUPLICATE_DATA on a unique field adopts the existing lead and updates it', async () => {
    h = await startZoho({ uniqueFields: { Leads: ['Phone'] } });
    const first = idOf((await h.connector.upsertPersons([aPerson({ phone: '+48600111222' })], [null]))[0]);
    const [second] = await h.connector.upsertPersons([aPerson({ phone: '+48600111222', firstName: 'Janina' })], [null]);
    expect(second).toEqual({ ok: true, id: first, created: false, adopted: true });
    expect(h.kit.get('Leads', first)!.data.First_Name).toBe('Janina');
    expect(await h.inspect.persons()).toHaveLength(1);
  });

  it('upserts 100 per call with per-record results; a missing last name is "[not provided]"', async () => {
    h = await startZoho();
    const persons = Array.from({ length: 150 }, (_, i) => aPerson(i === 7 ? { lastName: null, email: 'bad email' } : i === 8 ? { lastName: null } : {}));
    const outcomes = await h.connector.upsertPersons(persons, persons.map(() => null));
    expect(outcomes.filter((o) => o.ok)).toHaveLength(149);
    expect(!outcomes[7]!.ok && outcomes[7]!.error).toBeInstanceOf(PermanentError);
    expect(h.kit.counters.byRoute['POST /sandbox/zoho/crm/v8/:module/upsert']).toBe(2);
    expect(h.kit.get('Leads', idOf(outcomes[8]))!.data).toMatchObject({ Last_Name: '[not provided]', Company: '[not provided]' });
  });
});
