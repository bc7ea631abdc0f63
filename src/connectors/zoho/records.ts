import { createOnce, type HttpRequest, type HttpResponse } from '../http.js';
import type { DealRecord, ItemOutcome, NoteRecord, RecordLinks, TaskRecord, TicketRecord } from '../types.js';
import { readRecords, recordOutcome, writeResults } from './errors.js';
import { caseBody, dealBody, hasMarker, KEY_FIELD, noteBody, personModule, taskBody } from './mapper.js';

/**
 * Deals, cases, notes and tasks: created once. On a re-run (reconcile) or after a create whose
 * answer was lost, the person's related Notes / Tasks are listed (a consistent read) and the one
 * carrying our key marker adopted; deals and cases are found by a criteria search on their key field.
 */

export type ZohoCall = (method: HttpRequest['method'], path: string, options?: { query?: HttpRequest['query']; body?: unknown; idempotent?: boolean; cost?: number }) => Promise<HttpResponse>;

export function createdOutcome(result: { value: string; adopted: boolean }): ItemOutcome {
  return result.adopted ? { ok: true, id: result.value, created: false, adopted: true } : { ok: true, id: result.value, created: true };
}

/** Criteria values escape `(`, `)` and `,` with a backslash. */
export const criteriaValue = (value: string): string => value.replace(/([(),\\])/g, '\\$1');

export function createRecords(call: ZohoCall, defaultStage: string) {
  async function createOne(module: string, body: unknown, what: string): Promise<string> {
    const results = writeResults(await call('POST', `/crm/v8/${module}`, { body: { data: [body] } }), what);
    const outcome = recordOutcome(results[0], what);
    if (outcome.kind === 'error') throw outcome.error;
    return outcome.id;
  }

  async function relatedWithMarker(links: RecordLinks, related: 'Notes' | 'Tasks', field: string, key: string): Promise<string | null> {
    for (let page = 1; page <= 5; page += 1) {
      const response = await call('GET', `/crm/v8/${personModule(links.personRole)}/${links.personId}/${related}`, { query: { fields: `id,${field}`, per_page: 200, page } });
      const records = readRecords(response, `list ${related}`);
      const hit = records.find((r) => hasMarker(r[field], key));
      if (hit) return String(hit.id);
      if (!(response.body as { info?: { more_records?: boolean } } | null)?.info?.more_records) return null;
    }
    return null;
  }

  /** A record carrying our key in its `Leadwire_Key` field, found again by a criteria search. */
  async function keyed(module: 'Deals' | 'Cases', body: unknown, key: string, reconcile: boolean): Promise<ItemOutcome> {
    return createdOutcome(
      await createOnce({
        reconcileFirst: reconcile,
        create: () => createOne(module, body, `create ${module}`),
        find: async () => {
          const response = await call('GET', `/crm/v8/${module}/search`, { query: { criteria: `(${KEY_FIELD}:equals:${criteriaValue(key)})`, per_page: 1 } });
          const first = readRecords(response, `search ${module}`)[0];
          return first ? String(first.id) : null;
        },
      }),
    );
  }

  return {
    deal: (deal: DealRecord, reconcile: boolean) => keyed('Deals', dealBody(deal, defaultStage), deal.key, reconcile),
    ticket: (ticket: TicketRecord, reconcile: boolean) => keyed('Cases', caseBody(ticket), ticket.key, reconcile),
    async note(note: NoteRecord, reconcile: boolean): Promise<ItemOutcome> {
      return createdOutcome(
        await createOnce({
          reconcileFirst: reconcile,
          create: () => createOne('Notes', noteBody(note), 'create note'),
          find: () => relatedWithMarker(note.links, 'Notes', 'Note_Content', note.key),
        }),
      );
    },
    async task(task: TaskRecord, reconcile: boolean): Promise<ItemOutcome> {
      return createdOutcome(
        await createOnce({
          reconcileFirst: reconcile,
          create: () => createOne('Tasks', taskBody(task), 'create task'),
          find: () => relatedWithMarker(task.links, 'Tasks', 'Description', task.key),
        }),
      );
    },
  };
}
