import { generateKeyPairSync } from 'node:crypto';
import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JWT_BEARER_GRANT, signAssertion } from '../../src/connectors/salesforce/jwt.js';
import { startSalesforce, type SalesforceHarness } from './salesforce-setup.js';

/**
 * Fidelity, continued: jsforce's own sObject Collections calls (create many, upsert many by an
 * external id) and its JWT bearer token request against the sandbox — the shapes we wrote the
 * sandbox to, checked by a client we did not write.
 */

describe('salesforce sandbox fidelity (jsforce): collections and JWT bearer', () => {
  let h: SalesforceHarness;
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  beforeAll(async () => {
    h = await startSalesforce({ jwt: { publicKey: keys.publicKey, users: ['fidelity@acme.example'] } });
    await h.connector.ensureCustomFields();
  });
  afterAll(async () => {
    await h?.close();
  });

  const connection = async () => {
    const { http } = h.makeClient();
    await http.refresh();
    return new jsforce.Connection({ instanceUrl: http.oauth.instanceUrl!, accessToken: http.oauth.accessToken!, version: '62.0' });
  };

  it('creates many with per-record results, one of them failing alone', async () => {
    const conn = await connection();
    const results = await conn.sobject('Account').create([{ Name: 'Moe’s Tavern' }, { Website: 'https://no-name.example' }, { Name: 'Krusty Burger' }], { allOrNone: false });
    expect(results.map((r) => r.success)).toEqual([true, false, true]);
    expect(JSON.stringify(results[1])).toContain('REQUIRED_FIELD_MISSING');
    expect(h.kit.all('Account').map((a) => a.data.Name)).toEqual(expect.arrayContaining(['Moe’s Tavern', 'Krusty Burger']));
  });

  it('upserts many by Lead_Key__c: created, then updated, never duplicated', async () => {
    const conn = await connection();
    const records = [1, 2, 3].map((i) => ({ Lead_Key__c: `many${i}@example.com`, Email: `many${i}@example.com`, LastName: `Many${i}`, Company: 'Acme' }));
    const first = await conn.sobject('Lead').upsert(records, 'Lead_Key__c', { allOrNone: false });
    expect(first.map((r) => [r.success, (r as { created?: boolean }).created])).toEqual([[true, true], [true, true], [true, true]]);
    const again = await conn.sobject('Lead').upsert(records.map((r) => ({ ...r, FirstName: 'Homer' })), 'Lead_Key__c', { allOrNone: false });
    expect(again.map((r) => [r.success, (r as { created?: boolean }).created, r.id])).toEqual(first.map((r) => [true, false, r.id]));
    expect(h.kit.all('Lead').filter((l) => String(l.data.Email).startsWith('many'))).toHaveLength(3);
  });

  it('authorizes with a JWT bearer assertion through jsforce and queries with the session', async () => {
    const conn = new jsforce.Connection({ oauth2: { loginUrl: h.baseUrl, clientId: 'sandbox' }, version: '62.0' });
    const assertion = signAssertion({ iss: 'sandbox', sub: 'fidelity@acme.example', aud: 'https://login.salesforce.com' }, keys.privateKey, Date.now());
    await conn.authorize({ grant_type: JWT_BEARER_GRANT, assertion });
    expect(conn.instanceUrl).toBe(h.baseUrl);
    const result = await conn.query("SELECT Id FROM Lead WHERE Email = 'many1@example.com'");
    expect(result.totalSize).toBe(1);
  });
});
