import { eachItem, unlessRefused } from '../items.js';
import { AuthExpiredError, RateLimitedError, toStageError, type AnyStageError } from '../../pipeline/errors.js';
import type { HttpClient } from '../http.js';
import type { CompanyRecord, Connector, ConnectorDeps, ItemOutcome, PersonKeys, PersonRecord } from '../types.js';
import { defaultZohoMapping, type ZohoAccount } from './config.js';
import { readRecords, recordOutcome, writeResults, zohoError } from './errors.js';
import { accountBody, convertedLeadBody, personBody, personModule } from './mapper.js';
import { createRecords, type ZohoCall } from './records.js';
import { createZohoSetup } from './setup.js';

/**
 * Zoho CRM connector. Persons are Leads, or Contacts once qualified (`role`): the ledger's knownId
 * is updated by id (PUT); the rest go through the native upsert (`/{Leads|Contacts}/upsert`,
 * `duplicate_check_fields: ["Email"]`, 100 per call)
 * whose per-record `data[]` says insert or update; `DUPLICATE_DATA` (another unique field matched)
 * adopts the existing id and updates it. Search answers 204 for no match. Companies are Accounts
 * (upsert on Account_Name); a lead carries its account's name in `Company` and its id in a custom
 * field, a contact is linked by `Account_Name`. A Lead whose person became a Contact gets the
 * account's `contact.leadStatus` and the Contact's id (design note 27). Deals, cases, notes and
 * tasks: records.ts.
 */

export const UPSERT_BATCH = 100;

export function zohoCaller(http: HttpClient): ZohoCall {
  return (method, path, options = {}) =>
    http.request({ method, path, query: options.query, body: options.body, cost: options.cost ?? 1, idempotent: options.idempotent ?? method !== 'POST' });
}

/** Marks a person the by-id pass leaves to the upsert. */
const TO_UPSERT: ItemOutcome = { ok: true, id: '', created: false };
const stops = (e: AnyStageError) => e instanceof AuthExpiredError || e instanceof RateLimitedError;

export function createZohoConnector(deps: ConnectorDeps<ZohoAccount>): Connector {
  const { config } = deps;
  const call = zohoCaller(deps.http);
  const records = createRecords(call, config.dealStage);
  const setup = createZohoSetup(call, config.mapping ?? defaultZohoMapping);
  const accountNames = new Map<string, string>();

  const each = eachItem;

  async function search(module: string, query: Record<string, string>): Promise<string | null> {
    const response = await call('GET', `/crm/v8/${module}/search`, { query: { ...query, per_page: 1 } });
    const first = readRecords(response, `search ${module}`)[0];
    return first ? String(first.id) : null;
  }

  async function findIn(module: 'Leads' | 'Contacts', keys: PersonKeys): Promise<string | null> {
    if (keys.email) {
      const id = await search(module, { email: keys.email });
      if (id) return id;
    }
    return keys.phone ? search(module, { phone: keys.phone }) : null;
  }

  async function findPerson(keys: PersonKeys): Promise<string | null> {
    return (await findIn('Leads', keys)) ?? findIn('Contacts', keys);
  }

  /** Update a record by id; false when Zoho says the id is not there (deleted, merged). */
  async function updateById(module: string, id: string, body: Record<string, unknown>): Promise<boolean> {
    const response = await call('PUT', `/crm/v8/${module}/${id}`, { body: { data: [body] } });
    if (response.status === 404) return false;
    const results = writeResults(response, `update ${module}`);
    const outcome = recordOutcome(results[0], `update ${module}`);
    if (outcome.kind === 'ok') return true;
    if (outcome.kind === 'error' && results[0]?.code === 'INVALID_DATA' && results[0]?.details?.api_name === 'id') return false;
    if (outcome.kind === 'error') throw outcome.error;
    return true;
  }

  async function companyName(id: string | null): Promise<string | null> {
    if (id === null) return null;
    const known = accountNames.get(id);
    if (known) return known;
    const response = await call('GET', `/crm/v8/Accounts/${id}`, { query: { fields: 'Account_Name' } });
    if (response.status === 204 || response.status === 404) return null;
    const name = readRecords(response, 'read account')[0]?.Account_Name;
    if (typeof name === 'string') accountNames.set(id, name);
    return typeof name === 'string' ? name : null;
  }

  /** Native upsert of up to 100 persons of one module; one outcome per person, in order. */
  async function upsertChunk(module: 'Leads' | 'Contacts', persons: PersonRecord[]): Promise<ItemOutcome[]> {
    const bodies = await Promise.all(persons.map(async (p) => personBody(p, await companyName(p.companyId), true)));
    const response = await call('POST', `/crm/v8/${module}/upsert`, {
      body: { data: bodies, duplicate_check_fields: ['Email'] },
      // Re-sending an upsert keyed on Email cannot duplicate; without an email it could.
      idempotent: persons.every((p) => p.keys.email !== null),
      cost: Math.ceil(persons.length / 10),
    });
    const results = writeResults(response, `upsert ${module}`);
    const out: ItemOutcome[] = [];
    for (const [i, person] of persons.entries()) {
      const outcome = recordOutcome(results[i], `upsert ${module}`);
      if (outcome.kind === 'ok') out.push({ ok: true, id: outcome.id, created: outcome.created });
      else if (outcome.kind === 'error') out.push({ ok: false, error: outcome.error });
      else {
        try {
          await updateById(module, outcome.id, personBody(person, await companyName(person.companyId), false));
          out.push({ ok: true, id: outcome.id, created: false, adopted: true });
        } catch (error) {
          out.push({ ok: false, error: toStageError(error) });
        }
      }
    }
    return out;
  }

  async function upsertPersons(persons: PersonRecord[], knownIds: Array<string | null>): Promise<ItemOutcome[]> {
    const out: Array<ItemOutcome | null> = persons.map(() => null);
    // Known ids (the ledger) and phone-only persons found by search are updated by id; `null`
    // leaves the person to the upsert (no id, or the id is gone).
    const direct = await each(persons, async (person, i) => {
      const module = personModule(person.role);
      const id = knownIds[i] ?? (person.keys.email === null && person.keys.phone !== null ? await search(module, { phone: person.keys.phone }) : null);
      if (id !== null && (await updateById(module, id, personBody(person, await companyName(person.companyId), false)))) return { ok: true, id, created: false };
      return TO_UPSERT;
    });
    for (const module of ['Leads', 'Contacts'] as const) {
      const rest: number[] = [];
      direct.forEach((outcome, i) => {
        if (outcome !== TO_UPSERT) out[i] = outcome;
        else if (personModule(persons[i]!.role) === module) rest.push(i);
      });
      for (let start = 0; start < rest.length; start += UPSERT_BATCH) {
        const indexes = rest.slice(start, start + UPSERT_BATCH);
        let outcomes: ItemOutcome[];
        try {
          outcomes = await upsertChunk(module, indexes.map((i) => persons[i]!));
        } catch (error) {
          const failed: ItemOutcome = { ok: false, error: toStageError(error) };
          outcomes = indexes.map(() => failed);
        }
        indexes.forEach((i, k) => (out[i] = outcomes[k]!));
      }
    }
    // The Lead a new Contact's person was: marked and pointing at the Contact.
    return each(persons, async (person, i) => {
      const outcome = out[i]!;
      const from = person.convertFrom;
      if (outcome.ok && person.role === 'contact' && from) {
        await unlessRefused(
          () => updateById('Leads', from, convertedLeadBody(outcome.id, config.contact.leadStatus)),
          (error) => deps.logger.warn({ account: deps.account, lead: from, contact: outcome.id, code: error.code }, 'the Lead a new Contact replaced was not marked (check contact.leadStatus)'),
        );
      }
      return outcome;
    });
  }

  async function upsertCompany(company: CompanyRecord, knownId: string | null): Promise<ItemOutcome> {
    const body = accountBody(company);
    if (knownId !== null && (await updateById('Accounts', knownId, body))) {
      accountNames.set(knownId, company.name);
      return { ok: true, id: knownId, created: false };
    }
    const response = await call('POST', '/crm/v8/Accounts/upsert', { body: { data: [body], duplicate_check_fields: ['Account_Name'] }, idempotent: true });
    const outcome = recordOutcome(writeResults(response, 'upsert account')[0], 'upsert account');
    if (outcome.kind === 'error') throw outcome.error;
    accountNames.set(outcome.id, company.name);
    return outcome.kind === 'ok' ? { ok: true, id: outcome.id, created: outcome.created } : { ok: true, id: outcome.id, created: false, adopted: true };
  }

  return {
    kind: 'zoho',
    account: deps.account,
    capabilities: { batchSize: UPSERT_BATCH, nativeUpsert: true, deals: true, notes: true, tasks: true, companies: true, labels: false, contacts: true, tickets: true },
    findPerson,
    upsertPersons,
    upsertCompanies: (companies, knownIds) => each(companies, (c, i) => upsertCompany(c, knownIds[i] ?? null)),
    createDeals: (deals, options) => each(deals, (d) => records.deal(d, options.reconcile)),
    addNotes: (notes, options) => each(notes, (n) => records.note(n, options.reconcile)),
    createTasks: (tasks, options) => each(tasks, (t) => records.task(t, options.reconcile)),
    createTickets: (tickets, options) => each(tickets, (t) => records.ticket(t, options.reconcile)),
    ensureCustomFields: () => setup.ensure(),
    async health() {
      try {
        const response = await call('GET', '/crm/v8/org');
        if (response.status !== 200) throw zohoError(response, 'org');
        const org = (response.body as { org?: Array<{ id?: string; zgid?: string; edition?: string }> }).org?.[0];
        return { ok: true, detail: { orgId: org?.id, zgid: org?.zgid, edition: org?.edition } };
      } catch (error) {
        const e = toStageError(error);
        return { ok: false, detail: { error: e.code, kind: e.kind } };
      }
    },
  };
}
