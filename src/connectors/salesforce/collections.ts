import { setTimeout as wait } from 'node:timers/promises';
import { RetryableError, toStageError } from '../../pipeline/errors.js';
import { AmbiguousWriteError } from '../http.js';
import type { ItemOutcome } from '../types.js';
import type { SalesforceCall } from './api.js';
import { SALESFORCE_API } from './config.js';
import { collectionCodes, collectionItemError, okBody, type CollectionResult } from './errors.js';

/**
 * sObject Collections (`/composite/sobjects`, 200 records a call, one API call each): create and
 * update by id (mixed types) and upsert by an external id (one type), always `allOrNone: false`, so
 * each record answers alone and one bad record fails alone. A record whose answer says "use the one-record
 * path" (gone, a duplicate rule's match, several external-id matches) comes back as `FALLBACK`:
 * the connector writes it on its own, where the single-record answers carry what it needs (the
 * matched record's id, the 300 list). Update and upsert are idempotent (by id, by external id), so
 * a lost answer is simply re-sent; a create whose answer is lost hands every record back as
 * `FALLBACK` once the request had time to land, and the one-record path looks for each first.
 */

export const COLLECTION_SIZE = 200;

/** The record's answer asks for the one-record path. */
export const FALLBACK: ItemOutcome = Object.freeze({ ok: true, id: '', created: false }) as ItemOutcome;

/** Per-record codes that the one-record path resolves: a gone id, a duplicate to adopt, several matches. */
const RESOLVED_ALONE = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND', 'MALFORMED_ID', 'INVALID_ID_FIELD', 'DUPLICATES_DETECTED', 'DUPLICATE_VALUE', 'DUPLICATE_EXTERNAL_ID']);

export interface CollectionRecord {
  type: string;
  /** Update by id; absent for an upsert. */
  id?: string;
  fields: Record<string, unknown>;
}

/** `update` (records carry ids), `create`, or `upsert` by an external-id field of one type. */
export type CollectionWrite = { kind: 'update' } | { kind: 'create' } | { kind: 'upsert'; type: string; field: string };

/** `{attributes:{type}, id?, …fields}` records, in chunks of 200; one outcome per record, in order. */
export async function writeCollection(call: SalesforceCall, records: CollectionRecord[], write: CollectionWrite): Promise<ItemOutcome[]> {
  const path = write.kind === 'upsert' ? `${SALESFORCE_API}/composite/sobjects/${write.type}/${write.field}` : `${SALESFORCE_API}/composite/sobjects`;
  const what = write.kind === 'upsert' ? `upsert ${write.type} collection` : `${write.kind} collection`;
  const out: ItemOutcome[] = [];
  for (let start = 0; start < records.length; start += COLLECTION_SIZE) {
    const chunk = records.slice(start, start + COLLECTION_SIZE);
    const body = { allOrNone: false, records: chunk.map((r) => ({ attributes: { type: r.type }, ...(r.id ? { id: r.id } : {}), ...r.fields })) };
    try {
      const response = await call(write.kind === 'create' ? 'POST' : 'PATCH', path, { body, idempotent: write.kind !== 'create' });
      const results = okBody(response, what);
      if (!Array.isArray(results) || results.length !== chunk.length) throw new RetryableError(`salesforce ${what}: ${chunk.length} records sent, ${Array.isArray(results) ? results.length : 'no'} results`, 'CRM_5XX');
      out.push(...(results as CollectionResult[]).map((result) => outcomeOf(result, what, write.kind === 'create')));
    } catch (error) {
      if (error instanceof AmbiguousWriteError) {
        // Some or all of the chunk may exist: each record is looked for, after the request had time to land.
        if (error.settleMs > 0) await wait(error.settleMs);
        out.push(...chunk.map(() => FALLBACK));
        continue;
      }
      const failed: ItemOutcome = { ok: false, error: toStageError(error) };
      out.push(...chunk.map(() => failed));
    }
  }
  return out;
}

/** `created`: a create's answer has no `created` flag, every success is new. */
function outcomeOf(result: CollectionResult, what: string, creating: boolean): ItemOutcome {
  if (result.success === true && typeof result.id === 'string') return { ok: true, id: result.id, created: creating || result.created === true };
  if (collectionCodes(result).some((code) => RESOLVED_ALONE.has(code))) return FALLBACK;
  return { ok: false, error: collectionItemError(result, what) };
}
