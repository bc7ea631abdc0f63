import { eachItem } from '../items.js';
import { toStageError } from '../../pipeline/errors.js';
import { createOnce } from '../http.js';
import type { Connector, ConnectorDeps, ItemOutcome, PersonKeys, PersonRecord, CompanyRecord } from '../types.js';
import { listV2, pipedriveCaller } from './client.js';
import { defaultPipedriveMapping, type PipedriveAccount } from './config.js';
import { dataOf } from './errors.js';
import { idOf, organizationBody, personBody, personStateOf, sameEmail, samePhone, searchIds, type PersonState } from './mapper.js';
import { createdOutcome, createRecords, firstMatch } from './records.js';
import { createSetup } from './setup.js';

/**
 * Pipedrive connector. Pipedrive has no upsert, no batch create and no duplicate answer, so each
 * person is: the ledger's knownId (read, then PATCH; gone → fall back), else an exact search by
 * email then phone (then PATCH), else a create. Search lags writes, so after a create whose answer
 * was lost we look through the recently updated persons list (a consistent read) instead.
 * Deals, notes and activities carry our key (a deal field; a marker in the note / activity note)
 * and are found again by listing the person's records. Updates merge emails, phones and labels,
 * because v2 PATCH replaces those arrays.
 */

/** Our clock and Pipedrive's may differ: the recent-list read starts this much earlier. */
const CLOCK_SLACK_MS = 5 * 60_000;

export function createPipedriveConnector(deps: ConnectorDeps<PipedriveAccount>): Connector {
  const { config, logger, clock } = deps;
  const call = pipedriveCaller(deps.http);
  const setup = createSetup(call, config, config.mapping ?? defaultPipedriveMapping);
  const records = createRecords(call, setup.meta, warnUnmapped);
  const warned = new Set<string>();

  function warnUnmapped(names: string[]): void {
    const fresh = names.filter((n) => !warned.has(n));
    if (fresh.length === 0) return;
    fresh.forEach((n) => warned.add(n));
    logger.warn({ account: deps.account, fields: fresh }, 'pipedrive: mapped fields with no Pipedrive field are left out');
  }

  const each = eachItem;

  async function search(path: string, field: string, term: string): Promise<string | null> {
    const response = await call('GET', path, { query: { term, fields: field, exact_match: true, limit: 10 } });
    return searchIds(dataOf(response, `search ${field}`))[0] ?? null;
  }

  async function findPerson(keys: PersonKeys): Promise<string | null> {
    if (keys.email) {
      const id = await search('/api/v2/persons/search', 'email', keys.email);
      if (id) return id;
    }
    return keys.phone ? search('/api/v2/persons/search', 'phone', keys.phone) : null;
  }

  /** The record, or null when Pipedrive says it is gone (404, 410, deleted). */
  async function read(path: string): Promise<Record<string, unknown> | null> {
    const response = await call('GET', path);
    if (response.status === 404 || response.status === 410) return null;
    const data = dataOf(response, `GET ${path.replace(/\d+$/, '{id}')}`) as Record<string, unknown> | null;
    return data && data.is_deleted !== true ? data : null;
  }

  /** The first record updated since `since` that matches: a consistent read, unlike search. */
  async function recent(path: string, since: number, matches: (item: Record<string, unknown>) => boolean): Promise<string | null> {
    const query = { updated_since: new Date(since - CLOCK_SLACK_MS).toISOString().replace(/\.\d{3}Z$/, 'Z'), sort_by: 'id', sort_direction: 'asc' };
    return firstMatch(listV2(call, path, query, 5), matches);
  }

  const personMatches = (keys: PersonKeys) => (item: Record<string, unknown>) => {
    const state = personStateOf(item);
    return (keys.email !== null && state.emails.some((e) => sameEmail(e.value, keys.email!))) || (keys.phone !== null && state.phones.some((p) => samePhone(p.value, keys.phone!)));
  };

  async function updatePerson(person: PersonRecord, state: PersonState, labelIds: number[], codes: Record<string, string>): Promise<void> {
    const { body, unmapped } = personBody(person, labelIds, { fieldCodes: codes }, state);
    warnUnmapped(unmapped);
    if (Object.keys(body).length > 0) dataOf(await call('PATCH', `/api/v2/persons/${state.id}`, { body }), 'update person');
  }

  /** The person by the ledger's id, else by an exact key search; null when neither resolves. */
  async function existingPerson(knownId: string | null, keys: PersonKeys): Promise<Record<string, unknown> | null> {
    if (knownId !== null) {
      const data = await read(`/api/v2/persons/${knownId}`);
      if (data) return data;
    }
    const found = await findPerson(keys);
    return found === null ? null : read(`/api/v2/persons/${found}`);
  }

  async function upsertPerson(person: PersonRecord, knownId: string | null): Promise<ItemOutcome> {
    const meta = await setup.meta();
    const data = await existingPerson(knownId, person.keys);
    if (data) {
      const state = personStateOf(data);
      await updatePerson(person, state, meta.labelIds, meta.personCodes);
      return { ok: true, id: state.id, created: false };
    }
    const since = clock();
    const { body, unmapped } = personBody(person, meta.labelIds, { fieldCodes: meta.personCodes }, null);
    warnUnmapped(unmapped);
    return createdOutcome(
      await createOnce({
        reconcileFirst: false,
        create: async () => idOf(dataOf(await call('POST', '/api/v2/persons', { body }), 'create person')),
        find: () => recent('/api/v2/persons', since, personMatches(person.keys)),
      }),
    );
  }

  async function upsertCompany(company: CompanyRecord, knownId: string | null): Promise<ItemOutcome> {
    const existing = knownId !== null && (await read(`/api/v2/organizations/${knownId}`)) !== null ? knownId : await search('/api/v2/organizations/search', 'name', company.name);
    const { body, unmapped } = organizationBody(company, { fieldCodes: {} }, existing === null);
    warnUnmapped(unmapped);
    if (existing !== null) {
      const { name: _name, ...changes } = body;
      if (Object.keys(changes).length > 0) dataOf(await call('PATCH', `/api/v2/organizations/${existing}`, { body: changes }), 'update organization');
      return { ok: true, id: existing, created: false };
    }
    const since = clock();
    return createdOutcome(
      await createOnce({
        reconcileFirst: false,
        create: async () => idOf(dataOf(await call('POST', '/api/v2/organizations', { body }), 'create organization')),
        find: () => recent('/api/v2/organizations', since, (item) => typeof item.name === 'string' && item.name.trim().toLowerCase() === company.name.trim().toLowerCase()),
      }),
    );
  }

  return {
    kind: 'pipedrive',
    account: deps.account,
    capabilities: { batchSize: 1, nativeUpsert: false, deals: true, notes: true, tasks: true, companies: true, labels: true },
    findPerson,
    upsertPersons: (persons, knownIds) => each(persons, (p, i) => upsertPerson(p, knownIds[i] ?? null)),
    upsertCompanies: (companies, knownIds) => each(companies, (c, i) => upsertCompany(c, knownIds[i] ?? null)),
    createDeals: (deals, options) => each(deals, (d) => records.deal(d, options.reconcile)),
    addNotes: (notes, options) => each(notes, (n) => records.note(n, options.reconcile)),
    createTasks: (tasks, options) => each(tasks, (t) => records.task(t, options.reconcile)),
    ensureCustomFields: () => setup.ensure(),
    async health() {
      try {
        const data = dataOf(await call('GET', '/v1/users/me'), 'users/me') as { id?: number; company_id?: number; company_domain?: string };
        return { ok: true, detail: { userId: data.id, companyId: data.company_id, companyDomain: data.company_domain } };
      } catch (error) {
        const e = toStageError(error);
        return { ok: false, detail: { error: e.code, kind: e.kind } };
      }
    },
  };
}
