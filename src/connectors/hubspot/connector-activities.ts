import { PermanentError } from '../../pipeline/errors.js';
import { createOnce } from '../http.js';
import type { DealRecord, ItemOutcome, NoteRecord, TaskRecord, WriteOptions } from '../types.js';
import { chunks, failed, ok, path, type HubspotContext } from './connector-context.js';
import { hubspotError, hubspotItemError, traceIdsOf } from './errors.js';
import { associatedIds, batchErrors, batchResults, dealInput, hasKeyMarker, idOf, nextAfter, noteInput, taskInput, type CreateInput } from './mapper.js';

/**
 * Deals, notes and tasks: creates that are not idempotent, so each goes through `createOnce`. Its
 * `find` is a consistent read, not the lagging search: the person's associated records of that
 * type (associations v4) read in a batch, looking for the `[leadwire:<key>]` marker the mapper
 * puts in the body (notes, tasks) or the description (deals). One item: `POST /crm/v3/objects/{type}`;
 * several: `…/batch/create` (≤ 100), per-input errors tied back by objectWriteTraceId.
 */

type ActivityType = 'deals' | 'notes' | 'tasks';

interface Kind<T> {
  type: ActivityType;
  /** The property holding the key marker. */
  marker: string;
  input(item: T, traceId?: string): CreateInput;
  personOf(item: T): string;
  keyOf(item: T): string;
  leadOf(item: T): string;
}

/** All ids of `toType` associated with the contact, every page. */
async function associatedOf(ctx: HubspotContext, personId: string, toType: ActivityType): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const res = await ctx.http.request({ method: 'GET', path: path.associations('contacts', personId, toType), query: { limit: 500, after }, idempotent: true });
    if (res.status === 404) return [];
    const body = ok(ctx, res, `associations of contact ${personId}`).body;
    ids.push(...associatedIds(body));
    after = nextAfter(body);
  } while (after !== null);
  return ids;
}

/** For each item, the id of a record already carrying its key, else null. */
async function findByKeys<T>(ctx: HubspotContext, kind: Kind<T>, items: T[]): Promise<Array<string | null>> {
  const markers = new Map<string, string>();
  for (const personId of new Set(items.map(kind.personOf))) {
    for (const ids of chunks(await associatedOf(ctx, personId, kind.type))) {
      const res = await ctx.http.request({ method: 'POST', path: path.batch(kind.type, 'read'), body: { inputs: ids.map((id) => ({ id })), properties: [kind.marker], propertiesWithHistory: [] }, idempotent: true });
      for (const r of batchResults(ok(ctx, res, `read ${ids.length} ${kind.type}`).body)) markers.set(r.id, String(r.properties[kind.marker] ?? ''));
    }
  }
  return items.map((item) => [...markers].find(([, text]) => hasKeyMarker(text, kind.keyOf(item)))?.[0] ?? null);
}

/** Create the items (one call), each outcome in order; a lost answer throws AmbiguousWriteError. */
async function createAll<T>(ctx: HubspotContext, kind: Kind<T>, items: T[]): Promise<ItemOutcome[]> {
  if (items.length === 1) {
    const res = await ctx.http.request({ method: 'POST', path: path.object(kind.type), body: kind.input(items[0]!), idempotent: false });
    const id = idOf(ok(ctx, res, `POST ${kind.type} of lead ${kind.leadOf(items[0]!)}`).body);
    if (id === null) throw new PermanentError(`${ctx.account}: POST ${kind.type}: answer without an id`, 'CRM_REJECTED');
    return [{ ok: true, id, created: true }];
  }
  const inputs = items.map((item, n) => kind.input(item, String(n)));
  const res = await ctx.http.request({ method: 'POST', path: path.batch(kind.type, 'create'), body: { inputs }, idempotent: false });
  if (res.status >= 300 && res.status !== 207) throw hubspotError(res.status, res.body, { account: ctx.account, what: `batch create of ${items.length} ${kind.type}` });
  const out: Array<ItemOutcome | undefined> = new Array(items.length);
  for (const r of batchResults(res.body)) if (r.traceId !== null) out[Number(r.traceId)] = { ok: true, id: r.id, created: true };
  for (const error of batchErrors(res.body)) {
    for (const trace of traceIdsOf(error)) out[Number(trace)] = { ok: false, error: hubspotItemError(error, { account: ctx.account, what: `create ${kind.type} of lead ${kind.leadOf(items[Number(trace)]!)}` }) };
  }
  return out.map((o, n) => o ?? { ok: false, error: new PermanentError(`${ctx.account}: batch create: no answer for lead ${kind.leadOf(items[n]!)}`, 'CRM_REJECTED') });
}

async function createActivities<T>(ctx: HubspotContext, kind: Kind<T>, items: T[], options: WriteOptions): Promise<ItemOutcome[]> {
  const out: Array<ItemOutcome | undefined> = new Array(items.length);
  for (const group of chunks(items.map((item, i) => ({ item, i })))) {
    let pending = group;
    try {
      await createOnce({
        reconcileFirst: options.reconcile,
        // Adopts what exists; the rest stays pending. "Found" only when nothing is left to create.
        find: async () => {
          const found = await findByKeys(ctx, kind, pending.map((p) => p.item));
          pending.forEach((p, n) => {
            const id = found[n];
            if (id) out[p.i] = { ok: true, id, created: false, adopted: true };
          });
          pending = pending.filter((p) => out[p.i] === undefined);
          return pending.length === 0 ? true : null;
        },
        create: async () => {
          const outcomes = await createAll(ctx, kind, pending.map((p) => p.item));
          pending.forEach((p, n) => (out[p.i] = outcomes[n]));
          return true;
        },
      });
    } catch (error) {
      const outcome = failed(error);
      for (const p of pending) out[p.i] ??= outcome;
    }
  }
  return out.map((o) => o!);
}

const DEAL: Kind<DealRecord> = { type: 'deals', marker: 'description', input: () => ({ properties: {}, associations: [] }), personOf: (d) => d.links.personId, keyOf: (d) => d.key, leadOf: (d) => d.leadId };
const NOTE: Kind<NoteRecord> = { type: 'notes', marker: 'hs_note_body', input: noteInput, personOf: (n) => n.links.personId, keyOf: (n) => n.key, leadOf: (n) => n.leadId };
const TASK: Kind<TaskRecord> = { type: 'tasks', marker: 'hs_task_body', input: taskInput, personOf: (t) => t.links.personId, keyOf: (t) => t.key, leadOf: (t) => t.leadId };

export function createDeals(ctx: HubspotContext, deals: DealRecord[], options: WriteOptions): Promise<ItemOutcome[]> {
  return createActivities(ctx, { ...DEAL, input: (deal, traceId) => dealInput(deal, ctx.config, traceId) }, deals, options);
}

export function addNotes(ctx: HubspotContext, notes: NoteRecord[], options: WriteOptions): Promise<ItemOutcome[]> {
  return createActivities(ctx, NOTE, notes, options);
}

export function createTasks(ctx: HubspotContext, tasks: TaskRecord[], options: WriteOptions): Promise<ItemOutcome[]> {
  return createActivities(ctx, TASK, tasks, options);
}
