import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/http/app.js';
import { ERROR_CATALOGUE } from '../src/http/errors.js';
import { aLead, keyed, testApp, type TestStore } from './helpers.js';

let app: App;
let db: TestStore;
afterEach(async () => {
  await app?.close();
  await db?.close();
});

describe('the error catalogue', () => {
  it('docs/errors.md documents exactly the codes and statuses the API uses', () => {
    const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
    const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$/gm)].map((m) => [m[1], Number(m[2]), m[3]]);
    expect(rows).toEqual(Object.entries(ERROR_CATALOGUE).map(([code, e]) => [code, e.status, e.summary]));
  });
});

describe('operations endpoints', () => {
  it('/healthz, /readyz and /metrics with intake, queue and dead-letter series', async () => {
    ({ app, db } = await testApp());
    expect((await app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
    await app.inject({ method: 'POST', url: '/v1/leads', headers: { ...keyed, 'content-type': 'application/json' }, payload: JSON.stringify(aLead()) });
    await app.inject({ method: 'POST', url: '/v1/leads', headers: { ...keyed, 'content-type': 'application/json' }, payload: '{}' });
    const metrics = await app.inject('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    const text = metrics.body;
    expect(text).toContain('leadwire_intake_requests_total{source="demo",outcome="accepted"} 1');
    expect(text).toContain('leadwire_intake_requests_total{source="demo",outcome="invalid"} 1');
    expect(text).toContain('leadwire_jobs{state="due"} 1');
    expect(text).toMatch(/leadwire_jobs_oldest_due_age_seconds \d/);
    expect(text).toContain('leadwire_dead_letters_open 0');
    expect(text).toContain('leadwire_stage_duration_seconds');
  });

  it('/readyz answers 503 when the store is gone', async () => {
    ({ app, db } = await testApp());
    await db.store.close();
    const res = await app.inject('/readyz');
    expect([res.statusCode, res.json().error.code]).toEqual([503, 'STORE_UNAVAILABLE']);
  });

  it('serves an OpenAPI document generated from the route schemas, and the UI at /docs', async () => {
    ({ app, db } = await testApp());
    const spec = (await app.inject('/docs/json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/v1/leads', '/v1/leads/{id}', '/v1/dead-letters', '/v1/dead-letters/{id}/replay']));
    expect(spec.paths['/v1/leads'].post.requestBody.content['application/json'].schema.properties.email).toBeDefined();
    expect(spec.paths['/v1/leads'].post.responses['202']).toBeDefined();
    expect((await app.inject('/docs')).statusCode).toBeLessThan(400);
  });
});
