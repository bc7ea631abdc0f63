import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from './pipeline-harness.js';
import { admin, countRows, keyed, testConfig, BASE_CONFIG } from './helpers.js';

let p: Pipeline;
afterEach(async () => {
  await p?.close();
});

const json = { ...keyed, 'content-type': 'application/json' };
async function submit(body: object, headers: Record<string, string> = json): Promise<string> {
  const res = await p.app.inject({ method: 'POST', url: '/v1/leads', headers, payload: JSON.stringify(body) });
  expect(res.statusCode, res.body).toBe(202);
  return res.json().leadId;
}
const getLead = async (id: string) => (await p.app.inject({ method: 'GET', url: `/v1/leads/${id}`, headers: admin })).json();
const statuses = (lead: { events: Array<{ status: string }> }) => lead.events.map((e) => e.status);

describe('validate and enrich stages', () => {
  it('stores normalized identity beside the raw input and records every decision in the timeline', async () => {
    p = await startPipeline(testConfig('sources:\n  demo:\n    keys: [demo-key-for-tests]\n    defaultCountry: PL', BASE_CONFIG.replace(/sources:[\s\S]*?worker:/, 'worker:')));
    const id = await submit({
      name: 'jan KOWALSKI',
      email: ' Jan.Kowalski@Firma.PL ',
      phone: '888-78-48-78',
      company: 'firma   sp. z o.o.',
      landingUrl: 'https://www.firma.pl/oferta?utm_source=google&utm_medium=cpc&gclid=abc123',
      consent: { contact: true, marketing: true, policyVersion: '2026-01', text: 'Zgadzam się na kontakt' },
    });
    await p.drained();
    const lead = await getLead(id);
    expect(lead.status).toBe('completed');
    expect(lead.input.name).toBe('jan KOWALSKI');
    expect(lead.identity.fields).toMatchObject({ firstName: 'Jan', lastName: 'Kowalski', email: 'jan.kowalski@firma.pl', phone: '+48888784878', company: 'Firma Sp. z o.o.' });
    expect(lead.identity.enrichment.utm).toMatchObject({ source: 'google', medium: 'cpc' });
    expect(lead.identity.attribution.firstTouch).toMatchObject({ channel: 'form', landingPath: '/oferta' });
    expect(statuses(lead).slice(0, 10)).toEqual(['received', 'validated', 'enriched', 'deduped', 'consent-recorded', 'scored', 'routed', 'synced', 'followup-scheduled', 'completed']);
    expect(lead.events[1].detail).toMatchObject({ decision: 'accept', verdict: 'clean' });
    expect(lead.events[3].detail).toMatchObject({ action: 'new' });
  });

  it('flags test submissions, keeps them, and keeps them out of the identity ledger', async () => {
    p = await startPipeline();
    const id = await submit({ email: 'test@test.test', name: 'Test Test' });
    await p.drained();
    const lead = await getLead(id);
    expect(lead.flags).toContain('test');
    expect(lead.identity.quality.blocksSync).toBe(true);
    expect(lead.events.find((e: { status: string }) => e.status === 'deduped').detail).toMatchObject({ action: 'skipped' });
    expect(p.db.count('identities')).toBe(0);
  });

  it('keeps an invalid phone raw and flagged', async () => {
    p = await startPipeline();
    const id = await submit({ email: 'ola@firma.pl', phone: '+48 12' });
    await p.drained();
    const lead = await getLead(id);
    expect(lead.flags).toContain('phone-invalid');
    expect(lead.identity.quality.phone).toMatchObject({ raw: '+48 12', valid: false });
    expect(lead.identity.fields.phone).toBeNull();
  });
});

describe('missing-data policy per source', () => {
  const config = (strategy: string, mode = 'b2c') =>
    testConfig(`sources:\n  demo:\n    keys: [demo-key-for-tests]\n    quality: { missingData: { mode: ${mode}, strategy: ${strategy} } }`, BASE_CONFIG.replace(/sources:[\s\S]*?worker:/, 'worker:'));

  it('require-minimum rejects at the door with 422 naming the missing field, storing nothing', async () => {
    p = await startPipeline(config('require-minimum'));
    const res = await p.app.inject({ method: 'POST', url: '/v1/leads', headers: json, payload: JSON.stringify({ email: 'a@firma.pl', phone: 'call me' }) });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'LEAD_INVALID', issues: [{ path: 'phone', message: 'required by this source' }] });
    expect(p.db.count('leads')).toBe(0);
  });

  it('incomplete keeps the lead and flags it', async () => {
    p = await startPipeline(config('incomplete'));
    const id = await submit({ email: 'a@firma.pl' });
    await p.drained();
    const lead = await getLead(id);
    expect(lead.flags).toContain('incomplete');
    expect(lead.events[1].detail).toMatchObject({ decision: 'incomplete', missingRequired: ['phone'] });
  });
});

describe('identity and dedup', () => {
  it('50 parallel submissions of one person with varied formatting make one lead with 50 interactions', async () => {
    p = await startPipeline();
    const emails = ['Marta.Nowak@Firma.pl', 'marta.nowak@firma.pl', ' MARTA.NOWAK@FIRMA.PL '];
    const phones = ['+48 601 222 333', '+48601222333', '+48 (601) 222-333'];
    const names = ['Marta Nowak', 'marta NOWAK', 'MARTA NOWAK'];
    const ids = await Promise.all(
      Array.from({ length: 50 }, (_, i) => submit({ email: emails[i % 3], phone: phones[i % 3], name: names[i % 3], company: 'Firma S.A.', message: `pytanie ${i}` })),
    );
    await p.drained();
    const people = (await p.app.inject({ method: 'GET', url: '/v1/leads?limit=100', headers: admin })).json().items;
    expect(people).toHaveLength(1);
    const person = people[0];
    expect(person.identity.interactionCount).toBe(50);
    expect(ids).toContain(person.id);
    const suggestions = (await p.app.inject({ method: 'GET', url: '/v1/merge-suggestions', headers: admin })).json().items;
    expect(suggestions).toEqual([]);
    const other = await getLead(ids.find((id) => id !== person.id)!);
    expect(other).toMatchObject({ status: 'merged', mergedInto: person.id });
    expect(statuses(other)).toContain('merged-into');
    const survivor = await getLead(person.id);
    expect(statuses(survivor).filter((s) => s === 'merged')).toHaveLength(49);
  });

  it('a shared phone with conflicting names is a suggestion, never a silent merge; accepting merges', async () => {
    p = await startPipeline();
    const first = await submit({ phone: '+48 22 555 66 77', name: 'Anna Zielińska', email: 'anna@zielinscy.pl' });
    await p.drained();
    const second = await submit({ phone: '+48225556677', name: 'Piotr Zieliński', email: 'piotr@zielinscy.pl' });
    await p.drained();
    const list = (await p.app.inject({ method: 'GET', url: '/v1/merge-suggestions', headers: admin })).json().items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ leadId: second, candidateId: first, rule: 'phone', status: 'open' });
    expect((await p.app.inject({ method: 'GET', url: '/v1/leads', headers: admin })).json().items).toHaveLength(2);

    const accepted = await p.app.inject({ method: 'POST', url: `/v1/merge-suggestions/${list[0].id}/accept`, headers: admin });
    expect(accepted.json()).toMatchObject({ status: 'accepted', mergedInto: first });
    const again = await p.app.inject({ method: 'POST', url: `/v1/merge-suggestions/${list[0].id}/reject`, headers: admin });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'SUGGESTION_DECIDED']);
    await p.drained();
    const person = await getLead(first);
    expect(person.identity.interactionCount).toBe(2);
    expect(person.identity.secondaryEmails).toEqual(['piotr@zielinscy.pl']);
    expect((await getLead(second)).mergedInto).toBe(first);
  });

  it('counts each new person\'s names and company once, not a submission merged into a person', async () => {
    p = await startPipeline();
    await submit({ email: 'marta@firma.pl', name: 'Marta Nowak', company: 'Firma S.A.' });
    await submit({ email: 'ewa@firma.pl', name: 'Ewa Nowak', company: 'Firma' });
    await p.drained();
    await submit({ email: 'MARTA@firma.pl', name: 'Marta Nowak' });
    await p.drained();
    const db = new Database(p.db.file, { readonly: true });
    const counts = Object.fromEntries(db.prepare('SELECT key, count FROM name_frequencies').raw().all() as Array<[string, number]>);
    db.close();
    expect(counts).toEqual({ 'name:*': 2, 'name:nowak': 2, 'name:marta': 1, 'name:ewa': 1, 'company:*': 2, 'company:firma': 2 });
    expect(countRows(p.db.file, 'name_frequency_leads')).toBe(2);
  });

  it('the same rare name at another company is a suggestion for review', async () => {
    p = await startPipeline();
    await submit({ email: 'anna@acme.pl', name: 'Anna Przybyłowicz', company: 'Acme' });
    await p.drained();
    await submit({ email: 'anna.p@globex.pl', name: 'Anna Przybylowicz', company: 'Globex' });
    await p.drained();
    const [suggestion] = (await p.app.inject({ method: 'GET', url: '/v1/merge-suggestions', headers: admin })).json().items;
    expect(suggestion).toMatchObject({ rule: 'name-company', evidence: { downgradedBecause: 'company-differs', names: { company: { level: 'differs' } } } });
  });

  it('a rejected suggestion keeps both leads', async () => {
    p = await startPipeline();
    await submit({ phone: '+48 22 555 66 77', name: 'Anna Zielińska' });
    await p.drained();
    await submit({ phone: '+48225556677', name: 'Piotr Zieliński' });
    await p.drained();
    const [suggestion] = (await p.app.inject({ method: 'GET', url: '/v1/merge-suggestions', headers: admin })).json().items;
    const res = await p.app.inject({ method: 'POST', url: `/v1/merge-suggestions/${suggestion.id}/reject`, headers: admin });
    expect(res.json()).toMatchObject({ status: 'rejected', mergedInto: null });
    expect((await p.app.inject({ method: 'GET', url: '/v1/merge-suggestions?status=rejected', headers: admin })).json().items).toHaveLength(1);
    expect((await p.app.inject({ method: 'GET', url: '/v1/leads', headers: admin })).json().items).toHaveLength(2);
  });
});

describe('consent ledger', () => {
  it('records consent from the form, derives the current state, and appends withdrawals', async () => {
    p = await startPipeline(testConfig('quality: { consent: { policies: { "2026-01": "Polityka prywatności v2026-01" } } }'));
    const id = await submit({ email: 'k@firma.pl', consent: { contact: true, marketing: true, policyVersion: '2026-01', text: 'Chcę otrzymywać newsletter' } });
    await p.drained();
    const before = (await p.app.inject({ method: 'GET', url: `/v1/leads/${id}/consents`, headers: admin })).json();
    expect(before.current).toMatchObject({ contact: { granted: true }, marketing: { granted: true, policyVersion: '2026-01' } });
    expect(before.history[0]).toMatchObject({ action: 'granted', policySha256: expect.stringMatching(/^[0-9a-f]{64}$/), evidenceText: 'Chcę otrzymywać newsletter', ip: expect.any(String) });

    const after = await p.app.inject({ method: 'POST', url: `/v1/leads/${id}/consents`, headers: { ...admin, 'content-type': 'application/json' }, payload: JSON.stringify({ purpose: 'marketing', evidenceText: 'unsubscribe link' }) });
    expect(after.statusCode).toBe(201);
    expect(after.json().current).toMatchObject({ contact: { granted: true }, marketing: { granted: false } });
    expect(after.json().history.map((r: { purpose: string; action: string }) => `${r.purpose}:${r.action}`)).toEqual(['contact:granted', 'marketing:granted', 'marketing:withdrawn']);

    // A later submission of the same person adds to the same ledger.
    await submit({ email: 'K@firma.pl', consent: { marketing: true } });
    await p.drained();
    const later = (await p.app.inject({ method: 'GET', url: `/v1/leads/${id}/consents`, headers: admin })).json();
    expect(later.history).toHaveLength(4);
    expect(later.current.marketing.granted).toBe(true);
    const bad = await p.app.inject({ method: 'POST', url: `/v1/leads/${id}/consents`, headers: { ...admin, 'content-type': 'application/json' }, payload: '{"purpose":""}' });
    expect(bad.statusCode).toBe(400);
  });
});
