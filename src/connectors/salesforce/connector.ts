import { eachItem, unlessRefused } from '../items.js';
import { toStageError } from '../../pipeline/errors.js';
import { createOnce } from '../http.js';
import type { CampaignMemberRecord, CompanyRecord, Connector, ConnectorDeps, DealRecord, ItemOutcome, NoteRecord, PersonKeys, PersonRecord, TaskRecord, TicketRecord } from '../types.js';
import { cachedLookup, leadRecordTypeId, salesforceCaller, soql } from './api.js';
import { COLLECTION_SIZE, FALLBACK, writeCollection } from './collections.js';
import { CONTACT_KEY_FIELD, DEAL_KEY_FIELD, defaultSalesforceMapping, LEAD_KEY_FIELD, SALESFORCE_API, type SalesforceAccount } from './config.js';
import { duplicateIdOf, errorsOf, idOf, isOk, okBody, salesforceError } from './errors.js';
import { accountBody, caseBody, caseParentField, contactBody, convertedLeadBody, keyMarker, leadBody, leadKey, noteBody, opportunityBody, sobjectPath, soqlString, taskBody } from './mapper.js';
import { createSetup } from './setup.js';

/**
 * Salesforce connector. A person is a Lead, or a Contact once qualified (`role`): the ledger's
 * id (PATCH; gone → fall back), else a SOQL lookup by email then phone (SOQL reads are consistent),
 * else an upsert by the external id `Lead_Key__c` / `Contact_Key__c` (the lower-cased email) —
 * idempotent, so a lost answer is simply re-sent. 300 (several matches) takes the first; a
 * duplicate rule's `DUPLICATES_DETECTED` adopts the matched record of the same type. A Lead whose
 * person became a Contact is closed and linked to it. Companies are Accounts (by Name), deals Opportunities upserted by `Leadwire_Key__c`,
 * notes legacy Notes, tasks Tasks and support tickets Cases, each carrying a key marker found again by SOQL on the
 * person's records (Body / Description are long text and cannot be filtered in SOQL, so the
 * marker is matched on our side). A CampaignMember is found again by campaign and person.
 */

/** How long a campaign or record type the org does not have is remembered as missing. */
const MISS_TTL_MS = 10 * 60_000;

export function createSalesforceConnector(deps: ConnectorDeps<SalesforceAccount>): Connector {
  const { config } = deps;
  const call = salesforceCaller(deps.http);
  const setup = createSetup(call, config.mapping ?? defaultSalesforceMapping, { campaign: config.campaign?.name, recordType: config.chatbotRecordType ?? undefined });
  const defaults = { company: config.defaultCompany, leadSource: config.leadSource, recordTypeId: null as string | null };
  /** Account id → name from this process's company upserts: a new Lead's Company names its account. */
  const accountNames = new Map<string, string>();

  const each = eachItem;

  const first = async (q: string): Promise<string | null> => (await soql(call, q))[0]?.Id ?? null;

  /** Lead (not converted) or Contact by email, then by phone. */
  async function findAs(object: 'Lead' | 'Contact', keys: PersonKeys): Promise<string | null> {
    const open = object === 'Lead' ? ' AND IsConverted = false' : '';
    if (keys.email) {
      const id = await first(`SELECT Id FROM ${object} WHERE Email = ${soqlString(keys.email)}${open} ORDER BY CreatedDate LIMIT 1`);
      if (id) return id;
    }
    return keys.phone ? first(`SELECT Id FROM ${object} WHERE Phone = ${soqlString(keys.phone)}${open} ORDER BY CreatedDate LIMIT 1`) : null;
  }

  async function findPerson(keys: PersonKeys): Promise<string | null> {
    return (await findAs('Lead', keys)) ?? findAs('Contact', keys);
  }

  /** PATCH by id: true when done, false when the record is gone (404 NOT_FOUND / ENTITY_IS_DELETED). */
  async function patch(object: string, id: string, body: Record<string, unknown>): Promise<boolean> {
    if (Object.keys(body).length === 0) return true;
    const response = await call('PATCH', sobjectPath(object, id), { body });
    if (response.status === 404) return false;
    okBody(response, `update ${object}`);
    return true;
  }

  const recordTypeId = cachedLookup((name) => leadRecordTypeId(call, name), deps.clock, MISS_TTL_MS);
  /** The "Lead from Chatbot" record type's id, once a person from a conversation needed it. */
  let chatbotRecordType: string | null = null;

  /** How a person of each role is written: sObject, external-id field and body. */
  function target(person: PersonRecord) {
    if (person.role === 'contact') return { object: 'Contact' as const, keyField: CONTACT_KEY_FIELD, body: (creating: boolean) => contactBody(person, defaults, creating) };
    const accountName = person.companyId ? accountNames.get(person.companyId) : undefined;
    const recordType = person.viaConversation ? chatbotRecordType : null;
    return { object: 'Lead' as const, keyField: LEAD_KEY_FIELD, body: (creating: boolean) => leadBody(person, { ...defaults, ...(creating && accountName ? { company: accountName } : {}), recordTypeId: recordType }, creating) };
  }

  /**
   * One person: the one-record path. Several: sObject Collections — ids from the ledger or one
   * SOQL `Email IN (…)` per type are updated in one call, the rest upserted by external id in one
   * call per type; records the collections hand back (and persons without email) go one by one.
   */
  async function upsertPersons(persons: PersonRecord[], knownIds: Array<string | null>): Promise<ItemOutcome[]> {
    let written: ItemOutcome[];
    try {
      await setup.ready();
      if (config.chatbotRecordType && persons.some((p) => p.viaConversation && p.role !== 'contact')) chatbotRecordType = await recordTypeId(config.chatbotRecordType);
      written = persons.length === 1 ? [await writePerson(persons[0]!, knownIds[0] ?? null)] : await writeMany(persons, knownIds);
    } catch (error) {
      const failed: ItemOutcome = { ok: false, error: toStageError(error) };
      written = persons.map(() => failed);
    }
    // The Lead a new Contact's person was: closed and pointing at the Contact (REST has no convertLead).
    return each(persons, async (person, i) => {
      const outcome = written[i]!;
      const from = person.convertFrom;
      if (outcome.ok && person.role === 'contact' && from) {
        await unlessRefused(
          () => patch('Lead', from, convertedLeadBody(outcome.id, config.contact.leadStatus)),
          (error) => deps.logger.warn({ account: deps.account, lead: from, contact: outcome.id, code: error.code }, 'the Lead a new Contact replaced was not closed (check contact.leadStatus)'),
        );
      }
      return outcome;
    });
  }

  async function writeMany(persons: PersonRecord[], knownIds: Array<string | null>): Promise<ItemOutcome[]> {
    const out: ItemOutcome[] = persons.map(() => FALLBACK);
    const ids = [...knownIds.map((id) => id ?? null)];
    const lookups = await byEmail(persons.filter((p, i) => ids[i] === null && p.keys.email !== null));
    persons.forEach((p, i) => {
      if (ids[i] === null && p.keys.email) ids[i] = lookups.get(`${target(p).object}:${p.keys.email}`) ?? null;
    });
    const updates = persons.flatMap((p, i) => (ids[i] !== null ? [i] : []));
    const updated = await writeCollection(call, updates.map((i) => ({ type: target(persons[i]!).object, id: ids[i]!, fields: target(persons[i]!).body(false) })), { kind: 'update' });
    updates.forEach((i, k) => (out[i] = updated[k]!));
    for (const object of ['Lead', 'Contact'] as const) {
      const upserts = persons.flatMap((p, i) => (ids[i] === null && p.keys.email !== null && target(p).object === object ? [i] : []));
      if (upserts.length === 0) continue;
      const keyField = object === 'Lead' ? LEAD_KEY_FIELD : CONTACT_KEY_FIELD;
      const upserted = await writeCollection(call, upserts.map((i) => ({ type: object, fields: target(persons[i]!).body(true) })), { kind: 'upsert', type: object, field: keyField });
      upserts.forEach((i, k) => (out[i] = upserted[k]!));
    }
    const alone = out.flatMap((o, i) => (o === FALLBACK ? [i] : []));
    const single = await each(alone, (i) => writePerson(persons[i]!, null));
    alone.forEach((i, k) => (out[i] = single[k]!));
    return out;
  }

  /** `type:email` → id for the persons' emails, one SOQL per type and 100 emails. */
  async function byEmail(persons: PersonRecord[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (const object of ['Lead', 'Contact'] as const) {
      const emails = [...new Set(persons.filter((p) => target(p).object === object).map((p) => p.keys.email!))];
      for (let start = 0; start < emails.length; start += 100) {
        const list = emails.slice(start, start + 100).map(soqlString).join(', ');
        const open = object === 'Lead' ? ' AND IsConverted = false' : '';
        const rows = await soql(call, `SELECT Id, Email FROM ${object} WHERE Email IN (${list})${open} ORDER BY CreatedDate LIMIT 2000`);
        for (const row of rows) {
          const key = `${object}:${String(row.Email).toLowerCase()}`;
          if (!found.has(key)) found.set(key, row.Id);
        }
      }
    }
    return found;
  }

  async function writePerson(person: PersonRecord, knownId: string | null): Promise<ItemOutcome> {
    const { object, keyField, body: bodyOf } = target(person);
    const update = bodyOf(false);
    if (knownId !== null && (await patch(object, knownId, update))) return { ok: true, id: knownId, created: false };
    const found = await findAs(object, person.keys);
    if (found !== null && (await patch(object, found, update))) return { ok: true, id: found, created: false };
    const body = bodyOf(true);
    if (!person.keys.email) {
      const result = await createOnce({ reconcileFirst: false, create: async () => idOf(okBody(await call('POST', sobjectPath(object), { body }), `create ${object}`)), find: () => findAs(object, person.keys) });
      return result.adopted ? { ok: true, id: result.value, created: false, adopted: true } : { ok: true, id: result.value, created: true };
    }
    // The external id goes in the URL, not the body.
    const { [keyField]: _key, ...fields } = body;
    const response = await call('PATCH', `${sobjectPath(object, keyField)}/${encodeURIComponent(leadKey(person.keys.email))}`, { body: fields });
    if (response.status === 201 || response.status === 200) return { ok: true, id: idOf(response.body), created: response.status === 201 };
    if (response.status === 300) {
      const urls = Array.isArray(response.body) ? (response.body as unknown[]).filter((u): u is string => typeof u === 'string') : [];
      const id = urls[0]?.split('/').pop();
      if (id) return { ok: true, id, created: false };
    }
    const duplicate = duplicateIdOf(response.body, object);
    if (duplicate !== null) {
      await patch(object, duplicate, update);
      return { ok: true, id: duplicate, created: false, adopted: true };
    }
    throw salesforceError(response, `upsert ${object}`);
  }

  async function upsertCompany(company: CompanyRecord, knownId: string | null): Promise<ItemOutcome> {
    const outcome = await upsertAccount(company, knownId);
    if (outcome.ok) accountNames.set(outcome.id, company.name);
    return outcome;
  }

  async function upsertAccount(company: CompanyRecord, knownId: string | null): Promise<ItemOutcome> {
    if (knownId !== null && (await patch('Account', knownId, accountBody(company, false)))) return { ok: true, id: knownId, created: false };
    const byName = () => first(`SELECT Id FROM Account WHERE Name = ${soqlString(company.name)} ORDER BY CreatedDate LIMIT 1`);
    const found = await byName();
    if (found !== null) {
      await patch('Account', found, accountBody(company, false));
      return { ok: true, id: found, created: false };
    }
    const result = await createOnce({ reconcileFirst: false, create: async () => idOf(okBody(await call('POST', sobjectPath('Account'), { body: accountBody(company, true) }), 'create account')), find: byName });
    return { ok: true, id: result.value, created: !result.adopted, ...(result.adopted ? { adopted: true } : {}) };
  }

  async function createDeal(deal: DealRecord): Promise<ItemOutcome> {
    await setup.ready();
    const response = await call('PATCH', `${sobjectPath('Opportunity', DEAL_KEY_FIELD)}/${encodeURIComponent(deal.key)}`, { body: opportunityBody(deal) });
    if (!isOk(response)) throw salesforceError(response, 'upsert opportunity');
    const created = response.status === 201;
    return { ok: true, id: idOf(response.body), created, ...(created ? {} : { adopted: true }) };
  }

  /** Create once a Note / Task whose long-text `field` carries our marker, found again among the person's records. */
  async function markedOnce(object: string, key: string, reconcile: boolean, body: Record<string, unknown>, parentField: string, parentId: string, field: string): Promise<ItemOutcome> {
    const marker = keyMarker(key);
    const find = async () => (await soql(call, `SELECT Id, ${field} FROM ${object} WHERE ${parentField} = ${soqlString(parentId)} ORDER BY CreatedDate LIMIT 200`)).find((r) => typeof r[field] === 'string' && (r[field] as string).includes(marker))?.Id ?? null;
    const result = await createOnce({ reconcileFirst: reconcile, create: async () => idOf(okBody(await call('POST', sobjectPath(object), { body }), `create ${object}`)), find });
    return result.adopted ? { ok: true, id: result.value, created: false, adopted: true } : { ok: true, id: result.value, created: true };
  }

  /**
   * Notes, tasks and cases: a fresh list (no earlier attempt) is created through one collection
   * call per 200; a re-run (reconcile), a single item, and each record the collection hands back
   * go one by one, looking for the record's marker first where it may exist.
   */
  async function createMarked<T>(items: T[], reconcile: boolean, object: string, body: (item: T) => Record<string, unknown>, one: (item: T, reconcile: boolean) => Promise<ItemOutcome>): Promise<ItemOutcome[]> {
    if (reconcile || items.length === 1) return each(items, (item) => one(item, reconcile));
    const out = await writeCollection(call, items.map((item) => ({ type: object, fields: body(item) })), { kind: 'create' });
    const alone = out.flatMap((o, i) => (o === FALLBACK ? [i] : []));
    const single = await each(alone, (i) => one(items[i]!, true));
    alone.forEach((i, k) => (out[i] = single[k]!));
    return out;
  }

  const addNote = (note: NoteRecord, reconcile: boolean) => markedOnce('Note', note.key, reconcile, noteBody(note), 'ParentId', note.links.personId, 'Body');
  const createTask = (task: TaskRecord, reconcile: boolean) => markedOnce('Task', task.key, reconcile, taskBody(task), 'WhoId', task.links.personId, 'Description');

  const campaignId = cachedLookup((name) => first(`SELECT Id FROM Campaign WHERE Name = ${soqlString(name)} ORDER BY CreatedDate LIMIT 1`), deps.clock, MISS_TTL_MS);

  /** CampaignMember once per person and campaign: "already a campaign member" (DUPLICATE_VALUE) adopts the existing one. */
  async function addMember(member: CampaignMemberRecord, reconcile: boolean): Promise<ItemOutcome> {
    let campaign: string | null = null;
    for (const name of member.campaigns) if ((campaign = await campaignId(name)) !== null) break;
    if (campaign === null) return { ok: true, id: '', created: false };
    const personField = member.links.personRole === 'contact' ? 'ContactId' : 'LeadId';
    const find = () => first(`SELECT Id FROM CampaignMember WHERE CampaignId = ${soqlString(campaign)} AND ${personField} = ${soqlString(member.links.personId)} LIMIT 1`);
    let already = false;
    const result = await createOnce({
      reconcileFirst: reconcile,
      find,
      create: async () => {
        const response = await call('POST', sobjectPath('CampaignMember'), { body: { CampaignId: campaign, [personField]: member.links.personId, Status: member.status } });
        if (response.status === 400 && errorsOf(response.body).some((e) => e.errorCode === 'DUPLICATE_VALUE')) {
          const id = await find();
          if (id !== null) {
            already = true;
            return id;
          }
        }
        return idOf(okBody(response, 'create CampaignMember'));
      },
    });
    return result.adopted || already ? { ok: true, id: result.value, created: false, adopted: true } : { ok: true, id: result.value, created: true };
  }

  const createTicket = (ticket: TicketRecord, reconcile: boolean) => markedOnce('Case', ticket.key, reconcile, caseBody(ticket), caseParentField(ticket), ticket.links.personId, 'Description');

  return {
    kind: 'salesforce',
    account: deps.account,
    capabilities: { batchSize: COLLECTION_SIZE, nativeUpsert: true, deals: true, notes: true, tasks: true, companies: true, labels: false, contacts: true, tickets: true, campaigns: config.campaign !== undefined },
    findPerson,
    upsertPersons,
    upsertCompanies: (companies, knownIds) => each(companies, (c, i) => upsertCompany(c, knownIds[i] ?? null)),
    createDeals: (deals) => each(deals, (d) => createDeal(d)),
    addNotes: (notes, options) => createMarked(notes, options.reconcile, 'Note', noteBody, addNote),
    createTasks: (tasks, options) => createMarked(tasks, options.reconcile, 'Task', taskBody, createTask),
    createTickets: (tickets, options) => createMarked(tickets, options.reconcile, 'Case', caseBody, createTicket),
    addCampaignMembers: (members, options) => each(members, (m) => addMember(m, options.reconcile)),
    ensureCustomFields: () => setup.ensure(),
    async health() {
      try {
        const limits = okBody(await call('GET', `${SALESFORCE_API}/limits`), 'limits') as { DailyApiRequests?: { Max?: number; Remaining?: number } };
        return { ok: true, detail: { dailyApiMax: limits.DailyApiRequests?.Max, dailyApiRemaining: limits.DailyApiRequests?.Remaining } };
      } catch (error) {
        const e = toStageError(error);
        return { ok: false, detail: { error: e.code, kind: e.kind } };
      }
    },
  };
}
