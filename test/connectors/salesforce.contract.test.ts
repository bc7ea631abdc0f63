import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthExpiredError } from '../../src/pipeline/errors.js';
import type { PersonRecord } from '../../src/connectors/types.js';
import { runConnectorContract } from './contract.case.js';
import { startSalesforce, type SalesforceHarness } from './salesforce-setup.js';

/**
 * The Salesforce connector against its sandbox over real HTTP: the shared contract suite, then
 * OAuth (expiry mid-run, one shared refresh, a failing refresh) and Salesforce's own answers.
 */

runConnectorContract('salesforce', () => startSalesforce());

let seq = 0;
const lead = (overrides: Partial<PersonRecord> = {}): PersonRecord => {
  seq += 1;
  return { leadId: `sf-${seq}`, keys: { email: `sf${seq}@example.com`, phone: null }, firstName: 'Ann', lastName: null, ownerId: null, fields: {}, labels: [], companyId: null, ...overrides };
};

describe('salesforce connector', () => {
  let h: SalesforceHarness;
  beforeAll(async () => {
    h = await startSalesforce();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refreshes once for concurrent calls when the session expires mid-run, and loses no write', async () => {
    const { connector, http } = h.makeClient();
    await connector.ensureCustomFields();
    const tokenCalls = () => h.kit.counters.byRoute['POST /sandbox/salesforce/services/oauth2/token'] ?? 0;
    const before = tokenCalls();
    h.expireTokens();
    const persons = [lead(), lead(), lead(), lead()];
    const outcomes = await Promise.all(persons.map((p) => connector.upsertPersons([p], [null])));
    expect(outcomes.flat().every((o) => o.ok && o.created)).toBe(true);
    expect(tokenCalls() - before).toBe(1);
    expect(h.kit.counters.byStatus['401']).toBeGreaterThanOrEqual(1);
    const emails = h.kit.all('Lead').map((r) => r.data.Email);
    for (const p of persons) expect(emails.filter((e) => e === p.keys.email)).toHaveLength(1);
    expect(http.oauth.instanceUrl).toBe(h.baseUrl);
  });

  it('issues access tokens of the configured lifetime; an expired one is refreshed on INVALID_SESSION_ID', async () => {
    let now = Date.UTC(2026, 0, 15, 9);
    const short = await startSalesforce({ tokenLifetimeMs: 60_000, clock: () => now });
    try {
      const { connector, http } = short.makeClient();
      expect((await connector.upsertPersons([lead()], [null]))[0]!.ok).toBe(true);
      const first = http.oauth.accessToken;
      now += 30_000;
      expect(await connector.findPerson({ email: 'none@example.com', phone: null })).toBeNull();
      expect(http.oauth.accessToken).toBe(first);
      now += 60_000;
      expect((await connector.upsertPersons([lead()], [null]))[0]!.ok).toBe(true);
      expect(http.oauth.accessToken).not.toBe(first);
      expect(short.kit.counters.byStatus['401']).toBe(1);
    } finally {
      await short.close();
    }
  });

  it('a refresh that fails is AuthExpiredError for every item, nothing written', async () => {
    const { connector } = h.makeClient();
    expect((await connector.upsertPersons([lead()], [null]))[0]!.ok).toBe(true);
    h.kit.tokens = new Set();
    h.expireTokens();
    const count = h.kit.all('Lead').length;
    const outcomes = await connector.upsertPersons([lead(), lead()], [null, null]);
    expect(outcomes.map((o) => !o.ok && o.error instanceof AuthExpiredError)).toEqual([true, true]);
    expect(h.kit.all('Lead')).toHaveLength(count);
    h.kit.tokens = new Set(['sandbox-refresh']);
  });

  it('writes the required LastName and Company placeholders, and adopts a duplicate-rule match under either spelling', async () => {
    const { connector } = h.makeClient();
    const p = lead();
    const id = (await connector.upsertPersons([p], [null]))[0]! as { id: string };
    expect(h.kit.get('Lead', id.id)!.data).toMatchObject({ LastName: '[not provided]', Company: '[not provided]', Lead_Key__c: p.keys.email, LeadSource: 'Chatbot' });
    for (const key of ['duplicateResult', 'duplicateResut'] as const) {
      const other = await startSalesforce({ duplicateKey: key });
      try {
        const { connector: c } = other.makeClient();
        await c.ensureCustomFields();
        // A lead someone typed in by hand, with another email: SOQL on the email misses it, the duplicate rule (name + company) does not.
        const manual = other.kit.insert('Lead', { LastName: 'Manual', Company: 'Acme Dup', Email: 'old@example.com', IsConverted: false }, '00QDn0000000manualAAA');
        const outcome = (await c.upsertPersons([lead({ keys: { email: 'new@example.com', phone: null }, lastName: 'Manual', fields: { Company: 'Acme Dup' } })], [null]))[0]!;
        expect(outcome).toMatchObject({ ok: true, id: manual.id, created: false, adopted: true });
        expect(other.kit.all('Lead')).toHaveLength(1);
      } finally {
        await other.close();
      }
    }
  });

  it('names the account as the new Lead\'s Company and links it through Leadwire_Account__c', async () => {
    const { connector } = h.makeClient();
    const [company] = await connector.upsertCompanies([{ leadId: 'c', name: 'Globex', domain: 'globex.com', ownerId: null, fields: {} }], [null]);
    const companyId = (company as { id: string }).id;
    const [person] = await connector.upsertPersons([lead({ lastName: 'Simpson', companyId })], [null]);
    expect(h.kit.get('Lead', (person as { id: string }).id)!.data).toMatchObject({ Company: 'Globex', Leadwire_Account__c: companyId, LastName: 'Simpson' });
    expect(h.kit.get('Account', companyId)!.data).toMatchObject({ Name: 'Globex', Website: 'https://globex.com' });
  });

  it('reads Sforce-Limit-Info into the budget; a spent allocation is rate limiting', async () => {
    const poor = await startSalesforce({ dailyApiRequests: 3 });
    try {
      const { connector, http } = poor.makeClient();
      const outcomes = await connector.upsertPersons([lead(), lead()], [null, null]);
      expect(outcomes.some((o) => !o.ok && o.error.kind === 'rate-limited')).toBe(true);
      expect(http.budget.snapshot().dailyUsed).toBeGreaterThanOrEqual(3);
    } finally {
      await poor.close();
    }
  });
});
