import { createHash } from 'node:crypto';
import type { SandboxKit, StoredRecord } from '../sandbox/kit.js';

/**
 * What the Pipedrive sandbox's route families share: the vendor's error envelope, v2 cursor and v1
 * start/limit pagination, record rendering, and small body checks that answer 400 the way
 * Pipedrive does (`{success:false, error, error_info, data:null, additional_data:null}`).
 */

export const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';

export function errorBody(error: string, errorCode?: number): Record<string, unknown> {
  return { success: false, error, ...(errorCode !== undefined ? { errorCode } : {}), error_info: ERROR_INFO, data: null, additional_data: null };
}

/** Thrown by handlers; the sandbox's error handler renders it with the vendor's envelope. */
export class VendorFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function fail(status: number, message: string): never {
  throw new VendorFailure(status, message);
}

export type Json = Record<string, unknown>;
export type Query = Record<string, string | undefined>;

export function bodyObject(body: unknown): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) fail(400, 'Validation failed: request body must be a JSON object');
  return body as Json;
}

export function optionalInt(body: Json, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) fail(400, `Validation failed: ${key}: must be a positive integer`);
  return value;
}

export function requiredString(body: Json, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || value.trim() === '') fail(400, `Validation failed: ${key}: is required`);
  return value;
}

export function queryInt(query: Query, key: string): number | undefined {
  const value = query[key];
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) fail(400, `Validation failed: ${key}: must be an integer`);
  return Number(value);
}

export const isoTime = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
export const v1Time = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export function render(record: StoredRecord): Json {
  return { id: Number(record.id), ...record.data, add_time: isoTime(record.createdAt), update_time: isoTime(record.updatedAt) };
}

/** A record the API can see (not deleted), or a 404 with the vendor's "<Type> not found". */
export function mustGet(kit: SandboxKit, type: string, id: string | number, label: string): StoredRecord {
  const record = kit.get(type, String(id));
  if (!record || record.data.is_deleted === true) fail(404, `${label} not found`);
  return record;
}

export function exists(kit: SandboxKit, type: string, id: number | undefined): boolean {
  if (id === undefined) return true;
  const record = kit.get(type, String(id));
  return record !== undefined && record.data.is_deleted !== true;
}

/** A 40-hex field code, stable for the field's id (Pipedrive's look alike). */
export function fieldCode(seed: string): string {
  return createHash('sha1').update(`pipedrive-sandbox-field:${seed}`).digest('hex');
}

/** v2 list answer with cursor pagination (`limit` ≤ 500, default 100). */
export function v2Page(items: Json[], query: Query): Json {
  const limit = queryInt(query, 'limit') ?? 100;
  if (limit < 1 || limit > 500) fail(400, 'Validation failed: limit: must be between 1 and 500');
  let offset = 0;
  if (query.cursor) {
    const decoded = Number(JSON.parse(Buffer.from(query.cursor, 'base64url').toString('utf8') || '{}').offset);
    if (!Number.isInteger(decoded) || decoded < 0) fail(400, 'Validation failed: cursor: invalid');
    offset = decoded;
  }
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? Buffer.from(JSON.stringify({ offset: offset + limit })).toString('base64url') : null;
  // The spec types next_cursor as a string: the last page leaves it out.
  return { success: true, data: page, additional_data: next ? { next_cursor: next } : {} };
}

/** v1 list answer with start/limit pagination. */
export function v1Page(items: Json[], query: Query): Json {
  const start = queryInt(query, 'start') ?? 0;
  const limit = Math.min(queryInt(query, 'limit') ?? 100, 500);
  const page = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { success: true, data: page, additional_data: { pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) } } };
}

/** v2 list ordering: `sort_by` (id, update_time, add_time, …) and `sort_direction`. */
export function sorted(records: StoredRecord[], query: Query, allowed: string[] = ['id', 'update_time', 'add_time']): StoredRecord[] {
  const by = query.sort_by ?? 'id';
  if (!allowed.includes(by)) fail(400, `Validation failed: sort_by: must be one of ${allowed.join(', ')}`);
  const key = (r: StoredRecord): number => (by === 'update_time' ? r.updatedAt : by === 'add_time' ? r.createdAt : by === 'id' ? Number(r.id) : Number(r.data[by] ?? 0));
  const sign = query.sort_direction === 'desc' ? -1 : 1;
  return [...records].sort((a, b) => sign * (key(a) - key(b) || Number(a.id) - Number(b.id)));
}

/** `updated_since` / `updated_until` (RFC 3339) filters of v2 lists. */
export function updatedWithin(records: StoredRecord[], query: Query): StoredRecord[] {
  const since = query.updated_since ? Date.parse(query.updated_since) : null;
  const until = query.updated_until ? Date.parse(query.updated_until) : null;
  if (Number.isNaN(since) || Number.isNaN(until)) fail(400, 'Validation failed: updated_since/updated_until: must be RFC 3339');
  // Pipedrive's times have second precision.
  const seconds = (ms: number) => Math.floor(ms / 1000) * 1000;
  return records.filter((r) => (since === null || seconds(r.updatedAt) >= since) && (until === null || seconds(r.updatedAt) < until));
}

export function live(kit: SandboxKit, type: string): StoredRecord[] {
  return kit.all(type).filter((r) => r.data.is_deleted !== true);
}
