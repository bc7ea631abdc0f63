import { createOnce } from '../http.js';
import type { DealRecord, ItemOutcome, NoteRecord, TaskRecord } from '../types.js';
import { listV1, listV2, type PipedriveCall } from './client.js';
import { dataOf } from './errors.js';
import { activityBody, dealBody, idOf, keyMarker, noteBody } from './mapper.js';
import type { Meta } from './setup.js';

/**
 * Deals, notes and activities: none of them has a natural key in Pipedrive, so each carries ours
 * (deal: a custom field; note and activity: a marker in the HTML) and is created exactly once —
 * on a retry of the job, or after a create whose answer was lost, the person's deals / notes /
 * activities are listed (a consistent read, not the lagging search) and one with our key adopted.
 */

/** The outcome of a `createOnce`. */
export function createdOutcome(result: { value: string; adopted: boolean }): ItemOutcome {
  return result.adopted ? { ok: true, id: result.value, created: false, adopted: true } : { ok: true, id: result.value, created: true };
}

export async function firstMatch(items: AsyncGenerator<Record<string, unknown>>, matches: (item: Record<string, unknown>) => boolean): Promise<string | null> {
  for await (const item of items) if (matches(item)) return idOf(item);
  return null;
}

const hasMarker = (html: unknown, key: string) => typeof html === 'string' && html.includes(keyMarker(key));

function stageFor(deal: DealRecord, meta: Meta): { pipelineId: number; stageId: number } {
  const pipelineId = deal.pipeline !== null && /^\d+$/.test(deal.pipeline) ? Number(deal.pipeline) : meta.pipelineId;
  if (deal.stage !== null && /^\d+$/.test(deal.stage)) return { pipelineId, stageId: Number(deal.stage) };
  const named = deal.stage !== null && pipelineId === meta.pipelineId ? meta.stages.find((s) => s.name.toLowerCase() === deal.stage!.toLowerCase()) : undefined;
  return { pipelineId, stageId: named?.id ?? meta.stageId };
}

export function createRecords(call: PipedriveCall, meta: () => Promise<Meta>, warnUnmapped: (names: string[]) => void) {
  /** Create once a record whose HTML `field` carries our key marker; found again among the person's records. */
  async function markedOnce(key: string, reconcile: boolean, create: { path: string; body: unknown; what: string }, list: () => AsyncGenerator<Record<string, unknown>>, field: string): Promise<ItemOutcome> {
    return createdOutcome(
      await createOnce({
        reconcileFirst: reconcile,
        create: async () => idOf(dataOf(await call('POST', create.path, { body: create.body }), create.what)),
        find: () => firstMatch(list(), (item) => hasMarker(item[field], key)),
      }),
    );
  }

  return {
    async deal(deal: DealRecord, reconcile: boolean): Promise<ItemOutcome> {
      const m = await meta();
      const { body, unmapped } = dealBody(deal, { ...stageFor(deal, m), keyField: m.dealKeyField, fieldCodes: m.dealCodes });
      warnUnmapped(unmapped);
      const ofPerson = { person_id: deal.links.personId, custom_fields: m.dealKeyField };
      return createdOutcome(
        await createOnce({
          reconcileFirst: reconcile,
          create: async () => idOf(dataOf(await call('POST', '/api/v2/deals', { body }), 'create deal')),
          find: () => firstMatch(listV2(call, '/api/v2/deals', ofPerson), (d) => (d.custom_fields as Record<string, unknown> | undefined)?.[m.dealKeyField] === deal.key),
        }),
      );
    },

    note: (note: NoteRecord, reconcile: boolean) => markedOnce(note.key, reconcile, { path: '/v1/notes', body: noteBody(note), what: 'create note' }, () => listV1(call, '/v1/notes', { person_id: note.links.personId }), 'content'),

    task: (task: TaskRecord, reconcile: boolean) =>
      markedOnce(task.key, reconcile, { path: '/api/v2/activities', body: activityBody(task), what: 'create activity' }, () => listV2(call, '/api/v2/activities', { person_id: task.links.personId }), 'note'),
  };
}
