import type { FastifyInstance } from 'fastify';
import type { SandboxKit, StoredRecord } from '../sandbox/kit.js';
import { SALESFORCE_API } from './config.js';
import { parseSoql, runSoql, SoqlError, valueOf } from './sandbox-soql.js';

/**
 * The sandbox's data routes: sObject create / update / upsert by external id, SOQL queries (data
 * and Tooling), Tooling `CustomField` creation, and `/limits`. Bodies, status codes and error
 * arrays as Salesforce sends them; the standard Lead and Contact duplicate rules (same email) block
 * creates with DUPLICATES_DETECTED.
 */

export class SfFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super('salesforce sandbox failure');
  }
}

const fail = (status: number, errorCode: string, message: string, fields: string[] = []): never => {
  throw new SfFailure(status, [{ message, errorCode, fields }]);
};

const PREFIX: Record<string, string> = { Lead: '00Q', Contact: '003', Account: '001', Opportunity: '006', Note: '002', Task: '00T', Case: '500', Campaign: '701', CampaignMember: '00v', RecordType: '012', CustomField: '00N' };
const REQUIRED: Record<string, string[]> = { Lead: ['LastName', 'Company'], Contact: ['LastName'], Account: ['Name'], Opportunity: ['Name', 'StageName', 'CloseDate'], Note: ['ParentId', 'Title'], Task: [], Case: [], Campaign: ['Name'], CampaignMember: ['CampaignId'], RecordType: [] };
/** Standard lookups and what they may point at: a dangling id is INVALID_CROSS_REFERENCE_KEY. */
const REFERENCES: Record<string, string[]> = { ParentId: ['Lead', 'Contact', 'Account', 'Opportunity', 'Case'], WhoId: ['Lead', 'Contact'], ContactId: ['Contact'], AccountId: ['Account'] };
const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'];
/** Metadata the data API reads but does not write here (record types are made in Setup). */
const READ_ONLY = new Set(['RecordType']);
/** Standard duplicate rules, simplified: Lead ↔ Lead (same email, or same last name at the same company), Contact ↔ Contact (same email). */
const RULES: Record<string, { rule: string; matchRule: string }> = {
  Lead: { rule: 'Standard_Lead_Duplicate_Rule', matchRule: 'Standard_Lead_Match_Rule_v1_0' },
  Contact: { rule: 'Standard_Contact_Duplicate_Rule', matchRule: 'Standard_Contact_Match_Rule_v1_1' },
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface ObjectOptions {
  /** Record types the org has (Setup-made metadata), seeded at start. */
  recordTypes: Array<{ Name: string; DeveloperName: string; SobjectType: string }>;
  /** The key the duplicate rule's answer uses (Salesforce has sent both spellings). */
  duplicateKey: 'duplicateResult' | 'duplicateResut';
  duplicateRules: boolean;
  usage: () => { used: number; max: number };
}

/** One write's answer as the single-record route sends it; failures throw SfFailure. */
export interface SObjectOps {
  create(object: string, data: Record<string, unknown>): { status: number; body: unknown };
  update(object: string, id: string, data: Record<string, unknown>): { status: number; body: unknown };
  upsert(object: string, field: string, value: string, data: Record<string, unknown>): { status: number; body: unknown };
}

export function registerObjects(app: FastifyInstance, kit: SandboxKit, options: ObjectOptions): SObjectOps {
  const sfId = (object: string) => `${PREFIX[object] ?? 'a00'}Dn${kit.newId().padStart(10, '0')}AAA`;
  const url = (object: string, id: string) => `${SALESFORCE_API}/sobjects/${object}/${id}`;
  const customFields = (object: string) => kit.all('CustomField').filter((f) => f.data.TableEnumOrId === object);

  function checkObject(object: string): void {
    if (!(object in REQUIRED)) fail(404, 'NOT_FOUND', `The requested resource does not exist`);
  }

  function checkWritable(object: string): void {
    checkObject(object);
    if (READ_ONLY.has(object)) fail(400, 'INVALID_TYPE_FOR_OPERATION', `entity type ${object} does not support this operation in the Leadwire sandbox`);
  }

  function validate(object: string, data: Record<string, unknown>, creating: boolean, selfId?: string): void {
    if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(400, 'JSON_PARSER_ERROR', 'Cannot deserialize instance of sObject');
    const known = new Set(customFields(object).map((f) => `${String(f.data.DeveloperName)}__c`.toLowerCase()));
    for (const key of Object.keys(data)) {
      if (key.endsWith('__c') && !known.has(key.toLowerCase())) fail(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${object}`);
    }
    if (creating) {
      const missing = (REQUIRED[object] ?? []).filter((f) => typeof data[f] !== 'string' || (data[f] as string).trim() === '');
      if (missing.length > 0) fail(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);
    }
    if (typeof data.Email === 'string' && !EMAIL.test(data.Email)) fail(400, 'INVALID_EMAIL_ADDRESS', `Email: invalid email address: ${data.Email}`, ['Email']);
    for (const field of customFields(object).filter((f) => (f.data.Metadata as { unique?: boolean }).unique)) {
      const name = `${String(field.data.DeveloperName)}__c`;
      const value = data[name];
      if (typeof value !== 'string') continue;
      const other = kit.all(object).find((r) => r.id !== selfId && String(valueOf(r, name) ?? '').toLowerCase() === value.toLowerCase());
      if (other) fail(400, 'DUPLICATE_VALUE', `duplicate value found: ${name} duplicates value on record with id: ${other.id}`, [name]);
    }
    if (creating && options.duplicateRules && RULES[object]) throwIfDuplicate(object, data);
    if (creating && object === 'CampaignMember') checkMember(data);
    for (const [field, targets] of Object.entries(REFERENCES)) {
      const id = data[field];
      if (typeof id === 'string' && object !== 'CampaignMember' && !targets.some((t) => kit.get(t, id))) fail(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field]);
    }
    // Lead Status is a restricted picklist (the org's values; here the standard ones).
    if (object === 'Lead' && data.Status !== undefined && !LEAD_STATUSES.includes(String(data.Status))) fail(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Status: bad value for restricted picklist field: ${String(data.Status)}`, ['Status']);
    if (data.RecordTypeId !== undefined && data.RecordTypeId !== null) {
      const type = kit.get('RecordType', String(data.RecordTypeId));
      if (!type || type.data.SobjectType !== object || type.data.IsActive === false) fail(400, 'INVALID_CROSS_REFERENCE_KEY', `Record Type ID: this ID value isn't valid for the user: ${String(data.RecordTypeId)}`, ['RecordTypeId']);
    }
  }

  /** A member names an existing campaign and person, once, with one of the campaign's statuses. */
  function checkMember(data: Record<string, unknown>): void {
    const campaign = kit.get('Campaign', String(data.CampaignId));
    if (!campaign) fail(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['CampaignId']);
    const [field, object] = typeof data.LeadId === 'string' ? ['LeadId', 'Lead'] : typeof data.ContactId === 'string' ? ['ContactId', 'Contact'] : fail(400, 'REQUIRED_FIELD_MISSING', 'Required fields are missing: [LeadId or ContactId]', ['LeadId', 'ContactId']);
    if (!kit.get(object, String(data[field]))) fail(400, 'INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', [field]);
    const statuses = (campaign!.data.MemberStatuses as string[] | undefined) ?? ['Sent', 'Responded'];
    if (data.Status !== undefined && !statuses.includes(String(data.Status))) fail(400, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Status: bad value for restricted picklist field: ${String(data.Status)}`, ['Status']);
    if (kit.all('CampaignMember').some((m) => m.data.CampaignId === data.CampaignId && m.data[field] === data[field])) fail(400, 'DUPLICATE_VALUE', 'Already a campaign member.');
  }

  function throwIfDuplicate(object: string, data: Record<string, unknown>): void {
    const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
    const match = kit.all(object).find((r) => same(r.data.Email, data.Email) || (object === 'Lead' && same(r.data.LastName, data.LastName) && same(r.data.Company, data.Company) && data.LastName !== '[not provided]'));
    if (!match) return;
    const { rule, matchRule } = RULES[object]!;
    const result = { allowSave: false, duplicateRule: rule, duplicateRuleEntityType: object, errorMessage: 'Use one of these records?', matchResults: [{ entityType: object, errors: [], matchEngine: 'FuzzyMatchEngine', matchRecords: [{ additionalInformation: [], fieldDiffs: [], matchConfidence: 100, record: { attributes: { type: object, url: url(object, match.id) }, Id: match.id } }], rule: matchRule, size: 1, success: true }] };
    throw new SfFailure(400, [{ [options.duplicateKey]: result, errorCode: 'DUPLICATES_DETECTED', fields: [], message: 'Use one of these records?' }]);
  }

  const DEFAULTS: Record<string, Record<string, unknown>> = { Task: { Status: 'Not Started', Priority: 'Normal' }, Lead: { Status: 'Open - Not Contacted', IsConverted: false }, Case: { Status: 'New', Priority: 'Medium' }, Campaign: { IsActive: true, Status: 'Planned' }, CampaignMember: { Status: 'Sent' } };
  const defaults = (object: string, data: Record<string, unknown>) => ({ ...DEFAULTS[object], ...data });
  const created = (record: StoredRecord) => ({ id: record.id, success: true, errors: [] });

  /** The writes, shared by the sObject routes and sObject Collections (which answer per record). */
  for (const type of options.recordTypes) kit.insert('RecordType', { ...type, IsActive: true }, sfId('RecordType'));

  const ops: SObjectOps = {
    create(object, data) {
      checkWritable(object);
      validate(object, data, true);
      return { status: 201, body: created(kit.insert(object, defaults(object, { ...data }), sfId(object))) };
    },
    update(object, id, data) {
      checkWritable(object);
      if (!kit.get(object, id)) fail(404, 'NOT_FOUND', 'The requested resource does not exist');
      validate(object, data, false, id);
      kit.update(object, id, data);
      return { status: 204, body: { ...created(kit.get(object, id)!) } };
    },
    upsert(object, field, value, data) {
      checkWritable(object);
      const ext = customFields(object).find((f) => `${String(f.data.DeveloperName)}__c`.toLowerCase() === field.toLowerCase() && (f.data.Metadata as { externalId?: boolean }).externalId) ?? fail(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${field}`);
      if (data && typeof data === 'object' && Object.keys(data).some((k) => k.toLowerCase() === field.toLowerCase())) fail(400, 'INVALID_FIELD', `Unable to create/update fields: ${field}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, [field]);
      const hits = kit.all(object).filter((r) => String(valueOf(r, field) ?? '').toLowerCase() === value.toLowerCase());
      if (hits.length > 1) return { status: 300, body: hits.map((r) => url(object, r.id)) };
      if (hits.length === 1) {
        validate(object, data, false, hits[0]!.id);
        kit.update(object, hits[0]!.id, data);
        return { status: 200, body: { ...created(hits[0]!), created: false } };
      }
      const full = { ...data, [`${String(ext.data.DeveloperName)}__c`]: value };
      validate(object, full, true);
      return { status: 201, body: { ...created(kit.insert(object, defaults(object, full), sfId(object))), created: true } };
    },
  };

  app.post<{ Params: { object: string } }>(`${SALESFORCE_API}/sobjects/:object`, async (request, reply) => {
    const { status, body } = ops.create(request.params.object, request.body as Record<string, unknown>);
    return reply.code(status).send(body);
  });

  app.get<{ Params: { object: string; id: string } }>(`${SALESFORCE_API}/sobjects/:object/:id`, async (request) => {
    const { object, id } = request.params;
    checkObject(object);
    const record = kit.get(object, id) ?? fail(404, 'NOT_FOUND', 'The requested resource does not exist');
    return { attributes: { type: object, url: url(object, id) }, Id: record.id, ...record.data, CreatedDate: valueOf(record, 'CreatedDate') };
  });

  app.patch<{ Params: { object: string; id: string } }>(`${SALESFORCE_API}/sobjects/:object/:id`, async (request, reply) => {
    ops.update(request.params.object, request.params.id, request.body as Record<string, unknown>);
    return reply.code(204).send();
  });

  app.patch<{ Params: { object: string; field: string; value: string } }>(`${SALESFORCE_API}/sobjects/:object/:field/:value`, async (request, reply) => {
    const { status, body } = ops.upsert(request.params.object, request.params.field, request.params.value, request.body as Record<string, unknown>);
    return reply.code(status).send(body);
  });

  function query(records: (object: string) => StoredRecord[], q: string | undefined) {
    if (!q) fail(400, 'MALFORMED_QUERY', 'A query string must be provided');
    try {
      const parsed = parseSoql(q!);
      const rows = runSoql(parsed, records(parsed.object)).map((r) => ({ attributes: { type: parsed.object, url: url(parsed.object, r.id) }, ...Object.fromEntries(parsed.fields.map((f) => [f, valueOf(r, f) ?? null])) }));
      return { totalSize: rows.length, done: true, records: rows };
    } catch (error) {
      if (error instanceof SoqlError) fail(400, error.errorCode, error.message);
      throw error;
    }
  }

  app.get<{ Querystring: { q?: string } }>(`${SALESFORCE_API}/query`, async (request) => query((object) => (object in REQUIRED ? kit.all(object) : fail(400, 'INVALID_TYPE', `sObject type '${object}' is not supported.`)), request.query.q));
  app.get<{ Querystring: { q?: string } }>(`${SALESFORCE_API}/tooling/query`, async (request) => query((object) => kit.all(object), request.query.q));

  app.post(`${SALESFORCE_API}/tooling/sobjects/CustomField`, async (request, reply) => {
    const body = request.body as { FullName?: unknown; Metadata?: Record<string, unknown> };
    const match = typeof body?.FullName === 'string' ? /^(\w+)\.(\w+)__c$/.exec(body.FullName) : null;
    if (!match || typeof body.Metadata?.type !== 'string' || typeof body.Metadata.label !== 'string') fail(400, 'FIELD_INTEGRITY_EXCEPTION', 'FullName (Object.Name__c), Metadata.label and Metadata.type are required');
    const [, object, developerName] = match!;
    if (customFields(object!).some((f) => String(f.data.DeveloperName).toLowerCase() === developerName!.toLowerCase())) fail(400, 'DUPLICATE_DEVELOPER_NAME', `There's already a field named ${developerName}__c on ${object}.`);
    return reply.code(201).send(created(kit.insert('CustomField', { DeveloperName: developerName, TableEnumOrId: object, FullName: body.FullName, Metadata: body.Metadata }, sfId('CustomField'))));
  });

  app.get(`${SALESFORCE_API}/limits`, async () => {
    const { used, max } = options.usage();
    return { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - used) } };
  });
  return ops;
}
