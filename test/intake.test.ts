import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/http/app.js';
import { manualClock } from '../src/lib/clock.js';
import { aLead, admin, keyed, testApp, testConfig, type TestStore } from './helpers.js';

let app: App;
let db: TestStore;
afterEach(async () => {
  await app.close();
  await db.close();
});

const json = { ...keyed, 'content-type': 'application/json' };
const post = (body: object, headers: Record<string, string> = json) => app.inject({ method: 'POST', url: '/v1/leads', headers, payload: JSON.stringify(body) });

describe('POST /v1/leads', () => {
  it('answers 202 after the commit, with the lead, its event and its job stored together', async () => {
    let woken = 0;
    ({ app, db } = await testApp({ onLeadAccepted: () => woken++ }));
    const res = await post(aLead());
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toEqual({ leadId: expect.stringMatching(/^ld_/), eventId: expect.stringMatching(/^ev_/), status: 'received', links: { self: `/v1/leads/${body.leadId}` } });
    expect(res.headers.location).toBe(body.links.self);
    expect([db.count('leads'), db.count('lead_events'), db.count('jobs')]).toEqual([1, 1, 1]);
    expect(woken).toBe(1);

    const lead = (await app.inject({ method: 'GET', url: body.links.self, headers: admin })).json();
    expect(lead).toMatchObject({ id: body.leadId, status: 'received', sourceId: 'demo', score: null, owner: null, crmIds: {}, flags: [] });
    expect(lead.input).toMatchObject({ email: 'anna.kowalska@example.pl', firstName: 'Anna', lastName: 'Kowalska', utm: { source: 'google', medium: 'cpc' } });
    expect(lead.events).toEqual([{ eventId: body.eventId, status: 'received', stage: null, at: expect.any(String), durationMs: null, detail: { sourceId: 'demo' } }]);
  });

  it('takes HTML form posts: nested brackets, checkbox words, unknown fields into custom', async () => {
    ({ app, db } = await testApp());
    const form = 'email=jan%40example.com&name=Jan+Maria+Nowak&utm%5Bsource%5D=fb&consent%5Bmarketing%5D=on&consent%5Bcontact%5D=yes&plan=pro&interests=a&interests=b';
    const res = await app.inject({ method: 'POST', url: '/v1/leads', headers: { ...keyed, 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect(res.statusCode).toBe(202);
    const lead = (await app.inject({ method: 'GET', url: `/v1/leads/${res.json().leadId}`, headers: admin })).json();
    expect(lead.input).toEqual({
      email: 'jan@example.com',
      name: 'Jan Maria Nowak',
      firstName: 'Jan Maria',
      lastName: 'Nowak',
      utm: { source: 'fb' },
      consent: { marketing: true, contact: true },
      custom: { plan: 'pro', interests: ['a', 'b'] },
    });
  });

  it('lists leads newest first with filters and cursor pagination', async () => {
    ({ app, db } = await testApp());
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await post(aLead({ email: `l${i}@example.com` }))).json().leadId);
    const first = (await app.inject({ method: 'GET', url: '/v1/leads?limit=2&source=demo&status=received', headers: admin })).json();
    expect(first.items.map((l: { id: string }) => l.id)).toEqual([ids[4], ids[3]]);
    const second = (await app.inject({ method: 'GET', url: `/v1/leads?limit=2&cursor=${first.nextCursor}`, headers: admin })).json();
    expect(second.items.map((l: { id: string }) => l.id)).toEqual([ids[2], ids[1]]);
    const last = (await app.inject({ method: 'GET', url: `/v1/leads?limit=2&cursor=${second.nextCursor}`, headers: admin })).json();
    expect(last).toMatchObject({ items: [{ id: ids[0] }], nextCursor: null });
    const none = (await app.inject({ method: 'GET', url: '/v1/leads?status=completed', headers: admin })).json();
    expect(none.items).toEqual([]);
    const future = (await app.inject({ method: 'GET', url: '/v1/leads?createdFrom=2999-01-01', headers: admin })).json();
    expect(future.items).toEqual([]);
  });
});

describe('idempotency', () => {
  it('same Idempotency-Key and body → the original answer; different body → 409, nothing new stored', async () => {
    ({ app, db } = await testApp());
    const headers = { ...json, 'idempotency-key': 'order-4711' };
    const first = await post(aLead(), headers);
    const again = await post(aLead(), headers);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const conflict = await post(aLead({ company: 'Other' }), headers);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('IDEMPOTENCY_CONFLICT');
    expect([db.count('leads'), db.count('jobs')]).toEqual([1, 1]);
  });

  it('concurrent retries with one key commit one lead (they share a group commit)', async () => {
    ({ app, db } = await testApp());
    const headers = { ...json, 'idempotency-key': 'burst-1' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(aLead(), headers)));
    expect(new Set(answers.map((a) => a.json().leadId)).size).toBe(1);
    expect(db.count('leads')).toBe(1);
  });

  it('without a key, an identical submission inside the window returns the first lead; after it, a new one', async () => {
    const clock = manualClock();
    ({ app, db } = await testApp({ clock, config: testConfig('intake: { dedupWindowSeconds: 600 }') }));
    const first = (await post(aLead())).json();
    clock.advance(599_000);
    const dup = await post(aLead());
    expect(dup.statusCode).toBe(202);
    expect(dup.json()).toEqual(first);
    // The same person with a different message is not a duplicate submission.
    const other = (await post(aLead({ message: 'Another question' }))).json();
    expect(other.leadId).not.toBe(first.leadId);
    clock.advance(2_000);
    const later = (await post(aLead())).json();
    expect(later.leadId).not.toBe(first.leadId);
    expect(db.count('leads')).toBe(3);
    const events = (await app.inject({ method: 'GET', url: `/v1/leads/${first.leadId}`, headers: admin })).json().events;
    expect(events.map((e: { status: string }) => e.status)).toEqual(['received', 'duplicate-submission']);
  });

  it('a key is forgotten after its TTL', async () => {
    const clock = manualClock();
    ({ app, db } = await testApp({ clock, config: testConfig('intake: { idempotencyTtlSeconds: 60, dedupWindowSeconds: 0 }') }));
    const headers = { ...json, 'idempotency-key': 'k1' };
    const first = (await post(aLead(), headers)).json();
    clock.advance(61_000);
    const second = (await post(aLead(), headers)).json();
    expect(second.leadId).not.toBe(first.leadId);
  });
});
