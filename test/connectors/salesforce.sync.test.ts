import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAccounts, mountSandboxes, type RegisteredKind } from '../../src/connectors/registry.js';
import type { SandboxKit } from '../../src/connectors/sandbox/kit.js';
import { createSyncDriver, syncJobKey, type CrmAccount, type SyncDriver } from '../../src/connectors/sync-runner.js';
import type { Lead } from '../../src/domain/types.js';
import { createLogger } from '../../src/observability/logger.js';
import type { ClaimedJob } from '../../src/storage/ports.js';
import { tempStore, testConfig, type TestStore } from '../helpers.js';

/**
 * Sync of whole leads (plan → driver → connector → sandbox → ledger) for what only the OAuth CRMs
 * do: a qualified person written as a Contact (and the Lead it was, closed and linked), and a
 * support conversation opened as a Case — once, however often the lead syncs. HubSpot, which has
 * no tickets here, gets the support request as a high-priority task. Real HTTP against the
 * sandboxes as embedded mode mounts them, the real SQLite ledger.
 */

const log = { info() {}, warn() {}, error() {}, debug() {} };
let seq = 0;

interface LeadOptions {
  email?: string;
  score?: number | null;
  segment?: string | null;
  intents?: string[];
  company?: string | null;
  utmCampaign?: string;
}

function aLead(id: string, name: string, o: LeadOptions = {}): Lead {
  const now = Date.now();
  const conversation = o.intents ? { id: `conv_${id}`, note: 'Customer cannot log in since the update.\nAsked for a callback.', endedAt: now, initialQuestion: 'I cannot log in' } : undefined;
  return {
    id,
    workspaceId: 'default',
    sourceId: 'demo',
    status: 'processing',
    input: { source: 'chat', message: 'I cannot log in', channel: null, custom: {} },
    meta: {},
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    mergedInto: null,
    data: {
      fields: { email: o.email ?? `${name}@globex-sync.com`, phone: null, firstName: 'Marge', lastName: `Simpson ${name}`, company: o.company === undefined ? 'Globex' : o.company, jobTitle: 'CTO' },
      ...(o.utmCampaign ? { attribution: { firstTouch: { channel: 'web', utm: { campaign: o.utmCampaign } } } } : {}),
      ...(conversation ? { conversation, analysis: { intents: o.intents, problems: ['cannot log in since the update'], questions: [] } } : {}),
    },
    flags: [],
    score: o.score ?? 30,
    segment: o.segment ?? 'cold',
    owner: null,
    routingReason: null,
    crmIds: {},
  } as unknown as Lead;
}

const aTicket = (leadId: string) => ({ leadId, key: `ticket:${leadId}`, subject: 'x', description: 'x', priority: 'high' as const, origin: 'chat', ownerId: null, contact: { name: null, email: null, phone: null, company: null } });

const job = (account: string, lead: Lead, attempts = 1): ClaimedJob =>
  ({ id: `job_${(seq += 1)}`, leadId: lead.id, key: syncJobKey(account, lead.id), stage: 'sync', attempts, submissionId: null, kind: 'sync', payload: null, runAt: 0, lead, submission: lead }) as unknown as ClaimedJob;

describe('sync: contacts for qualified persons, cases for support', () => {
  let app: FastifyInstance;
  let kits: Map<RegisteredKind, SandboxKit>;
  let db: TestStore;
  let driver: SyncDriver;
  let accounts: CrmAccount[];

  beforeAll(async () => {
    app = Fastify({ forceCloseConnections: true });
    kits = await mountSandboxes(app, ['salesforce', 'zoho', 'hubspot', 'pipedrive']);
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const config = testConfig(`
crm:
  accounts:
    sf: { type: salesforce }
    sfc: { type: salesforce, campaign: { name: Chatbot Website Q1, fromUtm: true } }
    zoho: { type: zoho, contact: { segments: [hot], minScore: 80, leadStatus: Contacted } }
    hs: { type: hubspot }
    pd: { type: pipedrive }
`);
    accounts = buildAccounts(config.crm.accounts, { sandboxBaseUrl: address, logger: createLogger('silent'), clock: Date.now });
    db = tempStore();
    driver = createSyncDriver({ accounts, store: db.store, routing: config.routing, clock: Date.now, log });
  }, 30_000);

  afterAll(async () => {
    driver?.stop();
    await app?.close();
    await db?.close();
  });

  const run = async (account: string, lead: Lead, attempts = 1) => {
    const [outcome] = await driver.runBatch(account, [job(account, lead, attempts)], new AbortController().signal);
    if (!outcome || !('status' in outcome)) throw outcome ?? new Error('no outcome');
    return outcome.detail as { ids: Record<string, string>; created: string[] };
  };
  /** A lead row per name (the ledger references it), carrying the state the test gives. */
  const rows = new Map<string, string>();
  const lead = async (name: string, o: LeadOptions = {}): Promise<Lead> => {
    let id = rows.get(name);
    if (!id) {
      const accepted = await db.store.acceptLead({ sourceId: 'demo', input: { email: `${name}@globex-sync.com`, custom: {} }, meta: {}, bodyHash: name, dedupWindowMs: 0, idempotencyTtlMs: 1000 });
      if (accepted.outcome === 'conflict') throw new Error('lead not accepted');
      id = accepted.leadId;
      rows.set(name, id);
    }
    return aLead(id, name, o);
  };
  const sf = () => kits.get('salesforce')!;
  const zoho = () => kits.get('zoho')!;

  it('salesforce: an unqualified person is a Lead; once qualified, a Contact on its Account, and the Lead is closed and linked', async () => {
    const first = await run('sf', await lead('ld_sf_1', { score: 40, segment: 'warm' }));
    const leadId = first.ids.person!;
    expect(leadId.startsWith('00Q')).toBe(true);
    expect(first.ids.contact).toBeUndefined();

    const second = await run('sf', await lead('ld_sf_1', { score: 85, segment: 'hot' }));
    const contactId = second.ids.person!;
    expect(contactId.startsWith('003')).toBe(true);
    expect(second.ids.contact).toBe(contactId);
    expect(second.created).toContain('contact');
    expect(sf().get('Contact', contactId)!.data).toMatchObject({ LastName: 'Simpson ld_sf_1', Email: 'ld_sf_1@globex-sync.com', Contact_Key__c: 'ld_sf_1@globex-sync.com', AccountId: second.ids.company, LeadSource: 'Chatbot' });
    expect(sf().get('Lead', leadId)!.data).toMatchObject({ Status: 'Closed - Not Converted', Leadwire_Contact__c: contactId });
    // The note of this sync hangs on the Contact; the ledger keeps the person a Contact.
    const ledger = (await db.store.crmRecords('sf', [rows.get('ld_sf_1')!])).get(rows.get('ld_sf_1')!)!;
    expect(ledger).toMatchObject({ person: contactId, contact: contactId });

    // Later syncs (even a colder score) update the same Contact: no second Contact, no demotion.
    const third = await run('sf', await lead('ld_sf_1', { score: 20, segment: 'cold' }));
    expect(third.ids.person).toBe(contactId);
    expect(third.created).toEqual([]);
    expect(sf().all('Contact').filter((c) => c.data.Email === 'ld_sf_1@globex-sync.com')).toHaveLength(1);
    expect(sf().all('Lead').filter((c) => c.data.Email === 'ld_sf_1@globex-sync.com')).toHaveLength(1);
  });

  it('salesforce: a hot lead new to the CRM is written as a Contact straight away; its deal names it as ContactId', async () => {
    const detail = await run('sf', await lead('ld_sf_2', { score: 90, segment: 'hot' }));
    expect(detail.ids.person!.startsWith('003')).toBe(true);
    expect(sf().all('Lead').filter((l) => l.data.Email === 'ld_sf_2@globex-sync.com')).toHaveLength(0);
    expect(sf().get('Opportunity', detail.ids.deal!)!.data).toMatchObject({ ContactId: detail.ids.person, AccountId: detail.ids.company });
    expect(sf().get('Opportunity', detail.ids.deal!)!.data.Leadwire_Lead__c).toBeUndefined();
  });

  it('salesforce: a support conversation opens one Case (Origin Chat) linked to the person, never a second on re-sync or retry', async () => {
    const l = await lead('ld_sf_3', { intents: ['support'] });
    const detail = await run('sf', l);
    // A lead from a chatbot conversation gets the "Lead from Chatbot" record type (looked up by name); a web lead does not.
    const chatbotType = sf().all('RecordType').find((t) => t.data.DeveloperName === 'Lead_from_Chatbot')!;
    expect(sf().get('Lead', detail.ids.person!)!.data).toMatchObject({ RecordTypeId: chatbotType.id, LeadSource: 'Chatbot' });
    const web = await run('sf', await lead('ld_sf_web'));
    expect(sf().get('Lead', web.ids.person!)!.data.RecordTypeId).toBeUndefined();
    const caseId = detail.ids[`ticket:${l.id}`]!;
    expect(caseId.startsWith('500')).toBe(true);
    expect(sf().get('Case', caseId)!.data).toMatchObject({ Subject: 'Support request: cannot log in since the update', Origin: 'Chat', Priority: 'High', Status: 'New', Leadwire_Lead__c: detail.ids.person, SuppliedEmail: 'ld_sf_3@globex-sync.com', SuppliedCompany: 'Globex' });
    expect(String(sf().get('Case', caseId)!.data.Description)).toContain('Customer cannot log in');
    await run('sf', l, 2);
    expect(sf().all('Case').filter((c) => c.data.Leadwire_Lead__c === detail.ids.person)).toHaveLength(1);
  });

  it('salesforce: a Case whose create answer is lost after the write is reconciled, not duplicated', async () => {
    const l = await lead('ld_sf_4', { intents: ['support'], score: 95, segment: 'hot' });
    sf().faults = { ...sf().faults, resetRate: 1, lostAfterWriteRate: 1, maxInjections: 1, paths: ['POST /services/data/v62.0/sobjects/Case'] };
    const detail = await run('sf', l);
    sf().faults = { ...sf().faults, resetRate: 0, maxInjections: null, paths: [] };
    const cases = sf().all('Case').filter((c) => c.data.ContactId === detail.ids.person);
    expect(cases).toHaveLength(1);
    expect(cases[0]!.id).toBe(detail.ids[`ticket:${l.id}`]);
    expect(cases[0]!.data.AccountId).toBe(detail.ids.company);
    expect(sf().counters.injected['reset-after-write']).toBe(1);
  });

  it('salesforce: every person joins the account campaign once (setup created it), or the existing campaign its utm_campaign names', async () => {
    const first = await run('sfc', await lead('ld_c_1'));
    const q1 = sf().all('Campaign').find((c) => c.data.Name === 'Chatbot Website Q1')!;
    expect(q1.data).toMatchObject({ IsActive: true });
    const memberKey = Object.keys(first.ids).find((k) => k.startsWith('campaign:'))!;
    expect(sf().get('CampaignMember', first.ids[memberKey]!)!.data).toEqual({ CampaignId: q1.id, LeadId: first.ids.person, Status: 'Responded' });
    await run('sfc', await lead('ld_c_1'));
    expect(sf().all('CampaignMember').filter((m) => m.data.LeadId === first.ids.person)).toHaveLength(1);

    const spring = sf().insert('Campaign', { Name: 'Spring Promo', IsActive: true }, '701Dn0000000springAAA');
    const fromUtm = await run('sfc', await lead('ld_c_2', { utmCampaign: 'Spring Promo' }));
    expect(sf().all('CampaignMember').filter((m) => m.data.LeadId === fromUtm.ids.person).map((m) => m.data.CampaignId)).toEqual([spring.id]);
    const unknown = await run('sfc', await lead('ld_c_3', { utmCampaign: 'No Such Campaign' }));
    expect(sf().all('CampaignMember').filter((m) => m.data.LeadId === unknown.ids.person).map((m) => m.data.CampaignId)).toEqual([q1.id]);

    // A qualified person joins as the Contact it became.
    const hot = await run('sfc', await lead('ld_c_1', { score: 90, segment: 'hot' }));
    expect(sf().all('CampaignMember').filter((m) => m.data.ContactId === hot.ids.person).map((m) => m.data.CampaignId)).toEqual([q1.id]);
  });

  it('salesforce: "already a campaign member" (DUPLICATE_VALUE) adopts the existing membership', async () => {
    const detail = await run('sf', await lead('ld_c_4'));
    const q1 = sf().all('Campaign').find((c) => c.data.Name === 'Chatbot Website Q1')!;
    const existing = sf().insert('CampaignMember', { CampaignId: q1.id, LeadId: detail.ids.person, Status: 'Sent' }, '00vDn0000000existsAAA');
    const connector = accounts.find((a) => a.id === 'sfc')!.connector;
    const links = { personId: detail.ids.person!, personRole: 'lead' as const, companyId: null, dealId: null };
    const [outcome] = await connector.addCampaignMembers!([{ leadId: 'x', key: 'campaign:lead:Chatbot Website Q1', campaigns: ['Chatbot Website Q1'], status: 'Responded', links }], { reconcile: false });
    expect(outcome).toEqual({ ok: true, id: existing.id, created: false, adopted: true });
    expect(sf().counters.byStatus['400']).toBeGreaterThanOrEqual(1);
  });

  it('zoho: Leads, then Contacts once qualified (per-account threshold); the Lead is marked and linked; notes and tasks follow the Contact', async () => {
    const first = await run('zoho', await lead('ld_z_1', { score: 75, segment: 'warm' }));
    const leadId = first.ids.person!;
    expect(zoho().get('Leads', leadId)).toBeDefined();
    const second = await run('zoho', await lead('ld_z_1', { score: 85, segment: 'warm' }));
    const contactId = second.ids.person!;
    expect(contactId).not.toBe(leadId);
    expect(second.ids.contact).toBe(contactId);
    expect(zoho().get('Contacts', contactId)!.data).toMatchObject({ Last_Name: 'Simpson ld_z_1', Email: 'ld_z_1@globex-sync.com', Account_Name: { id: second.ids.company } });
    expect(zoho().get('Leads', leadId)!.data).toMatchObject({ Lead_Status: 'Contacted', Leadwire_Contact_Id: contactId });
    // An ended conversation's note, after the person became a Contact, hangs on the Contact.
    await run('zoho', await lead('ld_z_1', { score: 10, segment: 'cold', intents: ['pricing'] }));
    const note = zoho().all('Notes').find((n) => (n.data.Parent_Id as { id: string }).id === contactId);
    expect(note?.data.Parent_Id).toMatchObject({ module: { api_name: 'Contacts' } });
    expect(zoho().all('Contacts').filter((c) => c.data.Email === 'ld_z_1@globex-sync.com')).toHaveLength(1);
  });

  it('zoho: a support conversation opens one Case, related to the Contact, found again on a retry', async () => {
    const l = await lead('ld_z_2', { intents: ['support', 'pricing'], score: 90, segment: 'hot' });
    const detail = await run('zoho', l);
    const caseId = detail.ids[`ticket:${l.id}`]!;
    expect(zoho().get('Cases', caseId)!.data).toMatchObject({ Subject: 'Support request: cannot log in since the update', Case_Origin: 'Chat', Status: 'New', Priority: 'High', Related_To: { id: detail.ids.person }, Leadwire_Key: `ticket:${l.id}` });
    // A crash between the CRM's commit and the ledger's: the retry reconciles by the key field instead of creating.
    const direct = accounts.find((a) => a.id === 'zoho')!.connector;
    const [again] = await direct.createTickets!([{ ...aTicket(l.id), links: { personId: detail.ids.person!, personRole: 'contact', companyId: null, dealId: null } }], { reconcile: true });
    expect(again).toMatchObject({ ok: true, id: caseId, created: false });
    await run('zoho', l, 2);
    expect(zoho().all('Cases').filter((c) => c.data.Leadwire_Key === `ticket:${l.id}`)).toHaveLength(1);
  });

  it('hubspot (no tickets): the support request becomes one high-priority task under the same ledger key', async () => {
    const l = await lead('ld_hs_1', { intents: ['support'] });
    const detail = await run('hs', l);
    const taskId = detail.ids[`ticket:${l.id}`]!;
    const task = kits.get('hubspot')!.get('tasks', taskId);
    expect(task?.data).toMatchObject({ hs_task_priority: 'HIGH', hs_task_subject: 'Support request: cannot log in since the update' });
    await run('hs', l, 2);
    const tasks = kits.get('hubspot')!.all('tasks').filter((t) => String(t.data.hs_task_body).includes(l.id));
    expect(tasks).toHaveLength(1);
  });

  it('pipedrive (no tickets): the support request becomes one to-do activity due within the hour, once', async () => {
    const l = await lead('ld_pd_1', { intents: ['support'] });
    const detail = await run('pd', l);
    const activity = kits.get('pipedrive')!.get('activity', detail.ids[`ticket:${l.id}`]!);
    expect(activity?.data).toMatchObject({ subject: 'Support request: cannot log in since the update', type: 'task' });
    await run('pd', l, 2);
    expect(kits.get('pipedrive')!.all('activity').filter((a) => a.data.subject === 'Support request: cannot log in since the update')).toHaveLength(1);
  });
});

describe('salesforce record type "Lead from Chatbot"', () => {
  it('setup reports it missing, and leads are then written without it', async () => {
    const { startSalesforce } = await import('./salesforce-setup.js');
    const h = await startSalesforce({ recordTypes: [] });
    try {
      const report = await h.connector.ensureCustomFields();
      expect(report.missing).toEqual(['Lead record type "Lead from Chatbot"']);
      const [outcome] = await h.connector.upsertPersons([{ leadId: 'rt', keys: { email: 'rt@example.com', phone: null }, firstName: null, lastName: 'Rt', ownerId: null, fields: {}, labels: [], companyId: null, viaConversation: true }], [null]);
      expect(outcome).toMatchObject({ ok: true, created: true });
      expect(h.kit.all('Lead')[0]!.data.RecordTypeId).toBeUndefined();
      // The sandbox refuses a record type of another object, as Salesforce does.
      h.kit.insert('RecordType', { Name: 'Partner', DeveloperName: 'Partner', SobjectType: 'Account', IsActive: true }, '012Dn0000000partnerAA');
      const [wrong] = await h.connector.upsertPersons([{ leadId: 'rt2', keys: { email: 'rt2@example.com', phone: null }, firstName: null, lastName: 'Rt2', ownerId: null, fields: { RecordTypeId: '012Dn0000000partnerAA' }, labels: [], companyId: null }], [null]);
      expect(wrong!.ok).toBe(false);
      if (!wrong!.ok) expect(wrong!.error.message).toContain('INVALID_CROSS_REFERENCE_KEY');
    } finally {
      await h.close();
    }
  });
});

describe('salesforce: a Lead that cannot be closed', () => {
  it('keeps the new Contact, leaves the Lead, and warns with ids only (a leadStatus the org does not have)', async () => {
    const { Writable } = await import('node:stream');
    const { startSalesforce } = await import('./salesforce-setup.js');
    const { createSalesforceHttp } = await import('../../src/connectors/salesforce/client.js');
    const { createSalesforceConnector } = await import('../../src/connectors/salesforce/connector.js');
    const { salesforceAccountSchema } = await import('../../src/connectors/salesforce/config.js');
    const h = await startSalesforce();
    const lines: string[] = [];
    const logger = createLogger('warn', new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    try {
      const config = salesforceAccountSchema.parse({ type: 'salesforce', baseUrl: h.baseUrl, clientId: 'sandbox', clientSecret: 'sandbox', refreshToken: 'sandbox-refresh', contact: { leadStatus: 'Qualified' } });
      const connector = createSalesforceConnector({ account: 'sf-status', config, http: createSalesforceHttp({ account: 'sf-status', config }), logger, clock: Date.now });
      const p = { leadId: 'st', keys: { email: 'status@example.com', phone: null }, firstName: 'Ann', lastName: 'Status', ownerId: null, fields: {}, labels: [], companyId: null };
      const [asLead] = await connector.upsertPersons([p], [null]);
      const leadId = (asLead as { id: string }).id;
      const [asContact] = await connector.upsertPersons([{ ...p, role: 'contact', convertFrom: leadId }], [null]);
      expect(asContact).toMatchObject({ ok: true, created: true });
      expect(h.kit.get('Lead', leadId)!.data.Status).toBe('Open - Not Contacted');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ level: 40, account: 'sf-status', lead: leadId, contact: (asContact as { id: string }).id, code: 'CRM_REJECTED' });
      expect(lines[0]).not.toContain('status@example.com');
    } finally {
      await h.close();
    }
  });
});

describe('salesforce account config', () => {
  it('refuses a campaign with neither a name nor fromUtm, with the path', async () => {
    const { salesforceAccountSchema } = await import('../../src/connectors/salesforce/config.js');
    const parsed = salesforceAccountSchema.safeParse({ type: 'salesforce', campaign: {} });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['campaign', 'campaign needs a `name`, `fromUtm: true`, or both']]);
    expect(salesforceAccountSchema.parse({ type: 'salesforce' }).contact).toEqual({ enabled: true, segments: ['hot'], minScore: 70, leadStatus: 'Closed - Not Converted' });
  });
});
