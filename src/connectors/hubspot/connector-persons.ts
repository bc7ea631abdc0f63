import { PermanentError } from '../../pipeline/errors.js';
import { createOnce } from '../http.js';
import type { CompanyRecord, ItemOutcome, PersonKeys, PersonRecord } from '../types.js';
import { BATCH_SIZE, chunks, eachItem, failed, ok, path, type HubspotContext } from './connector-context.js';
import { existingIdFrom, hubspotError, hubspotItemError, traceIdsOf } from './errors.js';
import { batchErrors, batchResults, companyProperties, contactProperties, contactUpsertInput, idOf, searchEquals, type Properties } from './mapper.js';

/**
 * Contacts and companies. A contact with a ledger id is PATCHed by id (gone → found again by its
 * keys); one with an email goes through the native batch upsert (idProperty email, ≤ 100 an
 * answer, per-input errors tied back by objectWriteTraceId); a phone-only one is searched for and
 * else created. A 409 "Existing ID: n" adopts that contact. Companies: by id, else by domain (or
 * name) through search, else created. Then contacts are linked to their company and added to the
 * configured static list.
 */

type Slots = Array<ItemOutcome | undefined>;

export async function findContactByEmail(ctx: HubspotContext, email: string): Promise<string | null> {
  const res = await ctx.http.request({ method: 'GET', path: path.object('contacts', email), query: { idProperty: 'email', properties: 'email' }, idempotent: true });
  if (res.status === 404) return null;
  return idOf(ok(ctx, res, 'GET contact by email').body);
}

async function searchOne(ctx: HubspotContext, type: 'contacts' | 'companies', property: string, value: string): Promise<string | null> {
  const res = await ctx.http.request({ method: 'POST', path: path.search(type), body: searchEquals(property, value), rateClass: 'search', idempotent: true });
  const results = (ok(ctx, res, `search ${type}`).body as { results?: Array<{ id?: unknown }> } | null)?.results ?? [];
  const ids = results.map((r) => String(r.id)).sort((a, b) => Number(a) - Number(b));
  return ids[0] ?? null;
}

export async function findPerson(ctx: HubspotContext, keys: PersonKeys): Promise<string | null> {
  if (keys.email !== null) return findContactByEmail(ctx, keys.email);
  if (keys.phone !== null) return searchOne(ctx, 'contacts', 'phone', keys.phone);
  return null;
}

/** PATCH by id: 404 → null (gone); 409 with an existing id → that contact, updated instead. */
async function patchObject(ctx: HubspotContext, type: 'contacts' | 'companies', id: string, properties: Properties): Promise<ItemOutcome | null> {
  const res = await ctx.http.request({ method: 'PATCH', path: path.object(type, id), body: { properties }, idempotent: true });
  if (res.status === 404) return null;
  const existing = res.status === 409 ? existingIdFrom(res.body) : null;
  if (existing !== null && existing !== id) {
    const adopted = await patchObject(ctx, type, existing, properties);
    if (adopted?.ok) return { ...adopted, adopted: true };
  }
  return { ok: true, id: idOf(ok(ctx, res, `PATCH ${type} ${id}`).body) ?? id, created: false };
}

async function createObject(ctx: HubspotContext, type: 'contacts' | 'companies', properties: Properties, find: () => Promise<string | null>): Promise<ItemOutcome> {
  const { value, adopted } = await createOnce<ItemOutcome>({
    reconcileFirst: false,
    find: async () => {
      const id = await find();
      return id === null ? null : { ok: true, id, created: false };
    },
    create: async () => {
      const res = await ctx.http.request({ method: 'POST', path: path.object(type), body: { properties, associations: [] }, idempotent: false });
      if (res.status === 409) {
        const existing = existingIdFrom(res.body);
        const adopted = existing === null ? null : await patchObject(ctx, type, existing, properties);
        if (adopted?.ok) return { ...adopted, adopted: true };
      }
      const id = idOf(ok(ctx, res, `POST ${type}`).body);
      if (id === null) throw new PermanentError(`${ctx.account}: POST ${type}: answer without an id`, 'CRM_REJECTED');
      return { ok: true, id, created: true };
    },
  });
  return adopted && value.ok ? { ...value, adopted: true } : value;
}

async function upsertByEmail(ctx: HubspotContext, persons: PersonRecord[], indexes: number[], out: Slots): Promise<void> {
  // HubSpot refuses a batch naming one email twice: later duplicates go in a following call.
  let pending = indexes;
  while (pending.length > 0) {
    const seen = new Set<string>();
    const round: number[] = [];
    const later: number[] = [];
    for (const i of pending) {
      const email = persons[i]!.keys.email!;
      if (seen.has(email) || round.length >= BATCH_SIZE) later.push(i);
      else {
        seen.add(email);
        round.push(i);
      }
    }
    await upsertBatch(ctx, persons, round, out);
    pending = later;
  }
}

async function upsertBatch(ctx: HubspotContext, persons: PersonRecord[], indexes: number[], out: Slots): Promise<void> {
  const inputs = indexes.map((i, n) => contactUpsertInput(persons[i]!, ctx.config, String(n)));
  try {
    const res = await ctx.http.request({ method: 'POST', path: path.batch('contacts', 'upsert'), body: { inputs }, idempotent: true });
    if (res.status >= 300 && res.status !== 207) throw hubspotError(res.status, res.body, { account: ctx.account, what: `batch upsert of ${inputs.length} contacts` });
    for (const r of batchResults(res.body)) {
      const i = r.traceId === null ? undefined : indexes[Number(r.traceId)];
      if (i !== undefined) out[i] = { ok: true, id: r.id, created: r.isNew };
    }
    for (const error of batchErrors(res.body)) {
      for (const trace of traceIdsOf(error)) {
        const i = indexes[Number(trace)];
        if (i !== undefined) out[i] = { ok: false, error: hubspotItemError(error, { account: ctx.account, what: `upsert contact of lead ${persons[i]!.leadId}` }) };
      }
    }
    for (const i of indexes) out[i] ??= { ok: false, error: new PermanentError(`${ctx.account}: batch upsert: no answer for lead ${persons[i]!.leadId}`, 'CRM_REJECTED') };
  } catch (error) {
    const outcome = failed(error);
    for (const i of indexes) out[i] = outcome;
  }
}

async function linkCompanies(ctx: HubspotContext, persons: PersonRecord[], out: Slots): Promise<void> {
  const linked = persons.map((p, i) => ({ i, company: p.companyId, outcome: out[i] })).filter((x) => x.company !== null && x.outcome?.ok);
  for (const group of chunks(linked)) {
    const inputs = group.map((x) => ({ from: { id: (x.outcome as { id: string }).id }, to: { id: x.company! } }));
    const res = await ctx.http.request({ method: 'POST', path: '/crm/v4/associations/contacts/companies/batch/associate/default', body: { inputs }, idempotent: true });
    if (res.status < 300) continue;
    // One bad company spoils the batch: link one by one to tell which.
    await eachItem(
      group.map((x) => x.i),
      out,
      async (i) => {
        const contactId = (out[i] as { id: string }).id;
        const one = await ctx.http.request({ method: 'PUT', path: `/crm/v4/objects/contacts/${contactId}/associations/default/companies/${persons[i]!.companyId!}`, idempotent: true });
        ok(ctx, one, `link contact ${contactId} to company ${persons[i]!.companyId!}`);
        return out[i]!;
      },
    );
  }
}

async function addToList(ctx: HubspotContext, out: Slots): Promise<void> {
  const listId = ctx.config.listId;
  if (listId === undefined) return;
  const members = out.map((o, i) => ({ o, i })).filter((x): x is { o: ItemOutcome & { ok: true }; i: number } => x.o?.ok === true);
  for (const group of chunks(members)) {
    try {
      const res = await ctx.http.request({ method: 'PUT', path: `/crm/v3/lists/${listId}/memberships/add`, body: group.map((m) => m.o.id), idempotent: true });
      ok(ctx, res, `add ${group.length} contacts to list ${listId}`);
    } catch (error) {
      const outcome = failed(error);
      for (const m of group) out[m.i] = outcome;
    }
  }
}

export async function upsertPersons(ctx: HubspotContext, persons: PersonRecord[], knownIds: Array<string | null>): Promise<ItemOutcome[]> {
  const out: Slots = new Array(persons.length);
  const gone: number[] = [];
  await eachItem(
    persons.map((_, i) => i).filter((i) => knownIds[i]),
    out,
    async (i) => {
      const updated = await patchObject(ctx, 'contacts', knownIds[i]!, contactProperties(persons[i]!, ctx.config));
      if (updated === null) gone.push(i);
      return updated;
    },
  );
  const unknown = persons.map((_, i) => i).filter((i) => !knownIds[i] || gone.includes(i));
  await upsertByEmail(ctx, persons, unknown.filter((i) => persons[i]!.keys.email !== null), out);
  await eachItem(
    unknown.filter((i) => persons[i]!.keys.email === null),
    out,
    async (i) => {
      const person = persons[i]!;
      if (person.keys.phone === null) throw new PermanentError(`${ctx.account}: lead ${person.leadId} has neither email nor phone`, 'VALIDATION');
      const phone = person.keys.phone;
      const properties = contactProperties(person, ctx.config);
      const found = await searchOne(ctx, 'contacts', 'phone', phone);
      const updated = found === null ? null : await patchObject(ctx, 'contacts', found, properties);
      return updated ?? createObject(ctx, 'contacts', properties, () => searchOne(ctx, 'contacts', 'phone', phone));
    },
  );
  await linkCompanies(ctx, persons, out);
  await addToList(ctx, out);
  return out.map((o) => o!);
}

export async function upsertCompanies(ctx: HubspotContext, companies: CompanyRecord[], knownIds: Array<string | null>): Promise<ItemOutcome[]> {
  const out: Slots = new Array(companies.length);
  // Two leads of one company in a call: the second must not miss the first in the lagging search.
  const made = new Map<string, string>();
  await eachItem(
    companies.map((_, i) => i),
    out,
    async (i) => {
      const company = companies[i]!;
      const properties = companyProperties(company);
      const known = knownIds[i] ? await patchObject(ctx, 'companies', knownIds[i]!, properties) : null;
      if (known) return known;
      const [property, value] = company.domain !== null ? ['domain', company.domain.toLowerCase()] : ['name', company.name];
      const memo = `${property}:${value.toLowerCase()}`;
      const find = async () => made.get(memo) ?? searchOne(ctx, 'companies', property, value);
      const found = await find();
      const outcome = (found === null ? null : await patchObject(ctx, 'companies', found, properties)) ?? (await createObject(ctx, 'companies', properties, find));
      if (outcome.ok) made.set(memo, outcome.id);
      return outcome;
    },
  );
  return out.map((o) => o!);
}
