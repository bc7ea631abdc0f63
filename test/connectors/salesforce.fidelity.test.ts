import jsforce from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSalesforce, type SalesforceHarness } from './salesforce-setup.js';

/**
 * Fidelity: jsforce, Salesforce's widely used client, pointed at the sandbox speaks to it as to an
 * org — it creates and queries Leads, and refreshes an expired session through the token endpoint.
 */

describe('salesforce sandbox fidelity (jsforce)', () => {
  let h: SalesforceHarness;
  beforeAll(async () => {
    h = await startSalesforce();
    await h.connector.ensureCustomFields();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates and queries Leads with an access token from the token endpoint', async () => {
    const { http } = h.makeClient();
    expect(await http.refresh()).toBe(true);
    const conn = new jsforce.Connection({ instanceUrl: http.oauth.instanceUrl!, accessToken: http.oauth.accessToken!, version: '62.0' });
    const created = await conn.sobject('Lead').create({ LastName: 'Fidelity', Company: 'Acme', Email: 'jsforce@example.com' });
    expect(created).toMatchObject({ success: true });
    const id = (created as { id: string }).id;
    const result = await conn.query<{ Id: string; Email: string }>("SELECT Id, Email FROM Lead WHERE Email = 'jsforce@example.com'");
    expect(result.totalSize).toBe(1);
    expect(result.records[0]).toMatchObject({ Id: id, Email: 'jsforce@example.com' });
    const rejected = await conn
      .sobject('Lead')
      .create({ LastName: 'Again', Company: 'Acme', Email: 'JSFORCE@example.com' })
      .catch((error: unknown) => error);
    expect(JSON.stringify(rejected)).toContain('DUPLICATES_DETECTED');
  });

  it('refreshes an expired session with the refresh token, as jsforce does on 401', async () => {
    const conn = new jsforce.Connection({
      oauth2: { loginUrl: h.baseUrl, clientId: 'sandbox', clientSecret: 'sandbox', redirectUri: 'http://localhost/callback' },
      instanceUrl: h.baseUrl,
      accessToken: 'expired-token',
      refreshToken: 'sandbox-refresh',
      version: '62.0',
    });
    const result = await conn.query("SELECT Id FROM Lead WHERE Email = 'jsforce@example.com'");
    expect(result.totalSize).toBe(1);
    expect(conn.accessToken).not.toBe('expired-token');
  });
});
