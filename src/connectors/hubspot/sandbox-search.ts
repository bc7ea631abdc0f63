import type { SandboxKit, StoredRecord } from '../sandbox/kit.js';
import { SandboxHttpError, errorBody, render, type ObjectType } from './sandbox-model.js';

/**
 * `POST /crm/v3/objects/{type}/search` of the HubSpot sandbox: filter groups OR-ed, filters AND-ed,
 * HubSpot's limits (≤ 5 groups, ≤ 6 filters a group, ≤ 18 filters, `limit` ≤ 200, 10,000
 * results reachable), string comparisons case-insensitive, results in id order with an offset
 * cursor. Only records older than the kit's `searchLagMs` are visible: HubSpot's index lags writes.
 */

interface Filter {
  propertyName?: unknown;
  operator?: unknown;
  value?: unknown;
  highValue?: unknown;
  values?: unknown;
}

const QUERY_PROPERTIES = ['email', 'firstname', 'lastname', 'phone', 'company', 'name', 'domain', 'website', 'dealname'];

const bad = (message: string) => new SandboxHttpError(400, errorBody('VALIDATION_ERROR', message));

function matches(record: StoredRecord, filter: Filter): boolean {
  const name = String(filter.propertyName ?? '');
  const actual = typeof record.data[name] === 'string' ? (record.data[name] as string) : '';
  const value = filter.value === undefined ? '' : String(filter.value);
  const values = Array.isArray(filter.values) ? filter.values.map((v) => String(v).toLowerCase()) : [];
  const num = (v: string) => (/^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v));
  switch (filter.operator) {
    case 'EQ':
      return actual !== '' && actual.toLowerCase() === value.toLowerCase();
    case 'NEQ':
      return actual.toLowerCase() !== value.toLowerCase();
    case 'IN':
      return values.includes(actual.toLowerCase());
    case 'NOT_IN':
      return !values.includes(actual.toLowerCase());
    case 'HAS_PROPERTY':
      return actual !== '';
    case 'NOT_HAS_PROPERTY':
      return actual === '';
    case 'CONTAINS_TOKEN':
      return actual !== '' && new RegExp(`^${value.toLowerCase().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(actual.toLowerCase());
    case 'NOT_CONTAINS_TOKEN':
      return !actual.toLowerCase().includes(value.toLowerCase());
    case 'GT':
      return actual !== '' && num(actual) > num(value);
    case 'GTE':
      return actual !== '' && num(actual) >= num(value);
    case 'LT':
      return actual !== '' && num(actual) < num(value);
    case 'LTE':
      return actual !== '' && num(actual) <= num(value);
    case 'BETWEEN':
      return actual !== '' && num(actual) >= num(value) && num(actual) <= num(String(filter.highValue ?? ''));
    default:
      throw bad(`Invalid operator: ${String(filter.operator)}`);
  }
}

export function searchRecords(kit: SandboxKit, type: ObjectType, body: unknown) {
  const b = (body ?? {}) as { filterGroups?: unknown; properties?: unknown; limit?: unknown; after?: unknown; query?: unknown };
  const groups = (Array.isArray(b.filterGroups) ? b.filterGroups : []) as Array<{ filters?: Filter[] }>;
  if (groups.length > 5) throw bad('Too many filter groups: at most 5');
  const counts = groups.map((g) => (Array.isArray(g.filters) ? g.filters.length : 0));
  if (counts.some((n) => n > 6) || counts.reduce((a, n) => a + n, 0) > 18) throw bad('Too many filters: at most 6 per group and 18 in all');
  const limit = b.limit === undefined ? 10 : Number(b.limit);
  if (!Number.isInteger(limit) || limit < 0 || limit > 200) throw bad(`limit must be between 0 and 200, got ${String(b.limit)}`);
  const offset = Number(b.after ?? 0) || 0;
  if (offset + limit > 10_000) throw bad('Search results are limited to 10,000: narrow the filters');
  const query = typeof b.query === 'string' ? b.query.toLowerCase() : '';

  const hits = kit
    .searchable(type)
    .filter((r) => groups.length === 0 || groups.some((g) => (g.filters ?? []).every((f) => matches(r, f))))
    .filter((r) => query === '' || QUERY_PROPERTIES.some((p) => typeof r.data[p] === 'string' && (r.data[p] as string).toLowerCase().includes(query)))
    .sort((x, y) => Number(x.id) - Number(y.id));
  const names = Array.isArray(b.properties) ? b.properties.map(String) : [];
  const results = hits.slice(offset, offset + limit).map((r) => render(type, r, names));
  const next = offset + limit < hits.length ? { paging: { next: { after: String(offset + limit) } } } : {};
  return { total: hits.length, results, ...next };
}
