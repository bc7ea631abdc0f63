import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { salesforceAccountSchema } from '../../src/connectors/salesforce/config.js';
import { JWT_BEARER_GRANT, signAssertion } from '../../src/connectors/salesforce/jwt.js';
import { AuthExpiredError } from '../../src/pipeline/errors.js';
import type { PersonRecord } from '../../src/connectors/types.js';
import { startSalesforce, type SalesforceHarness } from './salesforce-setup.js';

/**
 * The JWT bearer flow against the sandbox's token endpoint, over real HTTP: keys are generated
 * here, at test time (never committed); the sandbox verifies the RS256 signature with the public
 * key and checks iss, sub, aud and exp.
 */

const USER = 'integration@acme.example';
const pair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
let seq = 0;
const lead = (): PersonRecord => {
  seq += 1;
  return { leadId: `jwt-${seq}`, keys: { email: `jwt${seq}@example.com`, phone: null }, firstName: 'Ann', lastName: `Jwt${seq}`, ownerId: null, fields: {}, labels: [], companyId: null };
};
const pem = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('salesforce JWT bearer flow', () => {
  let h: SalesforceHarness;
  let keys: ReturnType<typeof pair>;
  const tokenCalls = () => h.kit.counters.byRoute['POST /sandbox/salesforce/services/oauth2/token'] ?? 0;
  const jwtClient = (privateKey: string, overrides = {}) => h.makeClient('', { auth: 'jwt', username: USER, privateKey, ...overrides });
  const token = (form: Record<string, string>) => fetch(`${h.baseUrl}/services/oauth2/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });

  beforeAll(async () => {
    keys = pair();
    h = await startSalesforce({ jwt: { publicKey: keys.publicKey, users: [USER] } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('gets a session without any refresh token, and mints a new assertion when the session expires', async () => {
    h.kit.tokens = new Set();
    const { connector, http } = jwtClient(pem(keys.privateKey));
    await connector.ensureCustomFields();
    const before = tokenCalls();
    expect((await connector.upsertPersons([lead()], [null]))[0]).toMatchObject({ ok: true, created: true });
    const first = http.oauth.accessToken;
    h.expireTokens();
    expect((await connector.upsertPersons([lead()], [null]))[0]).toMatchObject({ ok: true, created: true });
    expect(http.oauth.accessToken).not.toBe(first);
    expect(tokenCalls() - before).toBe(1);
    h.kit.tokens = new Set(['sandbox-refresh']);
  });

  it('takes the key with \\n escapes, as an environment variable carries it', async () => {
    const { connector } = jwtClient(pem(keys.privateKey).replace(/\n/g, '\\n'));
    expect((await connector.upsertPersons([lead()], [null]))[0]).toMatchObject({ ok: true });
  });

  it('an assertion signed with another key is refused: AuthExpiredError for every item, nothing written', async () => {
    const { connector } = jwtClient(pem(pair().privateKey));
    const count = h.kit.all('Lead').length;
    const outcomes = await connector.upsertPersons([lead(), lead()], [null, null]);
    expect(outcomes.map((o) => !o.ok && o.error instanceof AuthExpiredError)).toEqual([true, true]);
    expect(h.kit.all('Lead')).toHaveLength(count);
  });

  it('the token endpoint checks signature, iss, aud, exp and sub with Salesforce\'s answers', async () => {
    const now = Date.now();
    const good = { iss: 'sandbox', sub: USER, aud: 'https://login.salesforce.com' };
    const refusal = async (assertion: string) => {
      const res = await token({ grant_type: JWT_BEARER_GRANT, assertion });
      return [res.status, await res.json()];
    };
    const ok = await token({ grant_type: JWT_BEARER_GRANT, assertion: signAssertion(good, keys.privateKey, now) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ access_token: expect.any(String), instance_url: h.baseUrl, token_type: 'Bearer' });
    expect(await refusal('not.a.jwt')).toEqual([400, { error: 'invalid_grant', error_description: 'invalid assertion' }]);
    expect(await refusal(signAssertion(good, pair().privateKey, now))).toEqual([400, { error: 'invalid_grant', error_description: 'invalid assertion' }]);
    expect(await refusal(signAssertion({ ...good, iss: 'someone-else' }, keys.privateKey, now))).toEqual([400, { error: 'invalid_client_id', error_description: 'client identifier invalid' }]);
    expect(await refusal(signAssertion({ ...good, aud: 'https://test.salesforce.com' }, keys.privateKey, now))).toEqual([400, { error: 'invalid_grant', error_description: 'audience is invalid' }]);
    expect(await refusal(signAssertion(good, keys.privateKey, now - 10 * 60_000))).toEqual([400, { error: 'invalid_grant', error_description: 'expired authorization code' }]);
    expect(await refusal(signAssertion({ ...good, sub: 'stranger@acme.example' }, keys.privateKey, now))).toEqual([400, { error: 'invalid_grant', error_description: "user hasn't approved this consumer" }]);
  });

  it('config: auth jwt needs a username and a PEM private key, each reported with its path', () => {
    const parsed = salesforceAccountSchema.safeParse({ type: 'salesforce', clientId: 'app', auth: 'jwt', privateKey: 'not a key' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['username', 'auth: jwt needs the username the app acts as'],
      ['privateKey', 'not a PEM private key (-----BEGIN PRIVATE KEY----- … or RSA PRIVATE KEY)'],
    ]);
    expect(salesforceAccountSchema.safeParse({ type: 'salesforce', clientId: 'app', auth: 'jwt', username: USER, privateKey: pem(keys.privateKey) }).success).toBe(true);
  });
});
