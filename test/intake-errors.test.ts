import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/http/app.js';
import { aLead, admin, DEMO_KEY, FORM_ORIGIN, FORM_TOKEN, keyed, testApp, type TestStore } from './helpers.js';

/** Every bad input: the status, the stable code, the path of each offending field — and nothing stored. */
let app: App;
let db: TestStore;
beforeEach(async () => {
  ({ app, db } = await testApp());
});
afterEach(async () => {
  await app.close();
  await db.close();
});

function nothingStored(): void {
  for (const table of ['leads', 'lead_events', 'jobs', 'idempotency_keys']) expect(db.count(table), table).toBe(0);
}

const post = (payload: string | object, headers: Record<string, string> = { ...keyed, 'content-type': 'application/json' }) =>
  app.inject({ method: 'POST', url: '/v1/leads', headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

describe('POST /v1/leads rejects bad input and stores nothing', () => {
  it('400 BAD_JSON for malformed JSON', async () => {
    const res = await post('{"email": "a@b.co",');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_JSON');
    nothingStored();
  });

  it('400 BAD_JSON for an empty JSON body', async () => {
    const res = await post('');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_JSON');
    nothingStored();
  });

  it('400 BAD_JSON for prototype poisoning', async () => {
    const res = await post('{"email":"a@b.co","__proto__":{"admin":true}}');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_JSON');
    nothingStored();
  });

  it('413 PAYLOAD_TOO_LARGE above 64 KB', async () => {
    const res = await post(aLead({ message: 'x'.repeat(70 * 1024) }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    nothingStored();
  });

  it('415 UNSUPPORTED_MEDIA_TYPE for text/plain', async () => {
    const res = await post('email=a@b.co', { ...keyed, 'content-type': 'text/plain' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    nothingStored();
  });

  it('422 LEAD_INVALID lists every issue with its path', async () => {
    const res = await post({
      email: 'not-an-email',
      firstName: 42,
      message: 'x'.repeat(10_001),
      utm: { source: 'g', channel: 'x' },
      consent: { marketing: 'maybe', extra: true },
      custom: 'oops',
    });
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('LEAD_INVALID');
    expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(
      ['consent.extra', 'consent.marketing', 'custom', 'email', 'firstName', 'message', 'utm.channel'].sort(),
    );
    for (const issue of body.error.issues) expect(issue.message).toEqual(expect.any(String));
    nothingStored();
  });

  it('422 when there is neither an email nor a phone', async () => {
    const res = await post({ name: 'Anna', company: 'ACME' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.issues).toEqual([{ path: 'email', message: 'a lead needs an email or a phone' }]);
    nothingStored();
  });

  it('422 for a body that is not an object', async () => {
    const res = await post('["a@b.co"]');
    expect(res.statusCode).toBe(422);
    expect(res.json().error.issues[0].path).toBe('');
    nothingStored();
  });

  it('422 when custom fields exceed their bounds', async () => {
    const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`field${i}`, i]));
    const res = await post(aLead(many));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.issues[0].path).toBe('custom');
    const big = await post(aLead({ custom: { notes: 'y'.repeat(2100) } }));
    expect(big.json().error.issues).toEqual([{ path: 'custom.notes', message: expect.stringContaining('2000') }]);
    nothingStored();
  });

  it('401 UNAUTHENTICATED without a key, with an unknown key, or a malformed Authorization', async () => {
    for (const headers of <Array<Record<string, string>>>[
      { 'content-type': 'application/json' },
      { 'content-type': 'application/json', 'x-api-key': 'wrong-key-123' },
      { 'content-type': 'application/json', authorization: `Basic ${DEMO_KEY}` },
    ]) {
      const res = await post(aLead(), headers);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    nothingStored();
  });

  it('accepts Authorization: Bearer', async () => {
    const res = await post(aLead(), { 'content-type': 'application/json', authorization: `Bearer ${DEMO_KEY}` });
    expect(res.statusCode).toBe(202);
  });

  it('403 FORBIDDEN when an admin key posts a lead', async () => {
    const res = await post(aLead(), { ...admin, 'content-type': 'application/json' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
    nothingStored();
  });

  it('403 ORIGIN_NOT_ALLOWED for a form token from another origin; 202 from its own', async () => {
    const form = new URLSearchParams({ email: 'a@b.co', formToken: FORM_TOKEN }).toString();
    const evil = await post(form, { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    const none = await post(form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(none.json().error.code).toBe('ORIGIN_NOT_ALLOWED');
    nothingStored();
    const ok = await post(form, { 'content-type': 'application/x-www-form-urlencoded', origin: FORM_ORIGIN });
    expect(ok.statusCode).toBe(202);
    expect(ok.headers['access-control-allow-origin']).toBe(FORM_ORIGIN);
  });

  it('429 RATE_LIMITED with Retry-After once a public form exceeds its per-IP limit', async () => {
    const headers = { 'content-type': 'application/json', origin: FORM_ORIGIN, 'x-form-token': FORM_TOKEN };
    for (let i = 0; i < 3; i++) expect((await post(aLead({ email: `p${i}@example.com` }), headers)).statusCode).toBe(202);
    const res = await post(aLead({ email: 'p4@example.com' }), headers);
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(db.count('leads')).toBe(3);
  });

  it('400 VALIDATION_FAILED for a malformed Idempotency-Key', async () => {
    const res = await post(aLead(), { ...keyed, 'content-type': 'application/json', 'idempotency-key': 'x'.repeat(300) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: 'headers.idempotency-key' }] });
    nothingStored();
  });
});

describe('reading leads', () => {
  it('400 VALIDATION_FAILED with paths for bad query parameters', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/leads?limit=0&createdFrom=yesterday', headers: admin });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.issues.map((i: { path: string }) => i.path).sort();
    expect(paths).toEqual(['querystring.createdFrom', 'querystring.limit']);
  });

  it('404 NOT_FOUND for unknown leads and routes, in the same envelope', async () => {
    const lead = await app.inject({ method: 'GET', url: '/v1/leads/ld_01ABCDEFGHJKMNPQRSTVWXYZ012', headers: admin });
    expect(lead.statusCode).toBe(404);
    expect(lead.json().error.code).toBe('NOT_FOUND');
    const route = await app.inject({ method: 'GET', url: '/v2/nothing' });
    expect(route.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('a source key reads only its own leads; the form token reads nothing', async () => {
    const created = await post(aLead());
    const id = created.json().leadId;
    expect((await app.inject({ method: 'GET', url: `/v1/leads/${id}`, headers: keyed })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: `/v1/leads/${id}`, headers: { 'x-form-token': FORM_TOKEN } })).statusCode).toBe(401);
    const listing = await app.inject({ method: 'GET', url: '/v1/leads?source=website', headers: keyed });
    expect(listing.json().items).toEqual([]);
  });
});
