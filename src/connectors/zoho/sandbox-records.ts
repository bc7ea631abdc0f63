import type { FastifyInstance } from 'fastify';
import type { SandboxKit, StoredRecord } from '../sandbox/kit.js';

/**
 * The Zoho sandbox's record routes (`/crm/v8/…`): insert, upsert on `duplicate_check_fields`,
 * update by id, get, search (204 when nothing matches; `per_page` required), a lead's or contact's
 * related Notes and Tasks, and `settings/fields`. Writes answer per record in `data[]`; unique fields
 * (`uniqueFields`) refuse a second value with `DUPLICATE_DATA` naming the existing record.
 */

export type Json = Record<string, unknown>;
export const MODULES = ['Leads', 'Contacts', 'Accounts', 'Deals', 'Tasks', 'Notes', 'Cases'] as const;
const MANDATORY: Record<string, string[]> = { Leads: ['Last_Name', 'Company'], Contacts: ['Last_Name'], Accounts: ['Account_Name'], Deals: ['Deal_Name', 'Stage'], Tasks: ['Subject'], Notes: ['Note_Content', 'Parent_Id'], Cases: ['Subject', 'Status', 'Case_Origin'] };
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SEARCH_KEYS: Record<string, string> = { email: 'Email', phone: 'Phone' };

export const zohoError = (code: string, message: string, details: Json = {}): Json => ({ code, details, message, status: 'error' });
const success = (record: StoredRecord, action?: 'insert' | 'update', duplicateField?: string | null): Json => ({
  code: 'SUCCESS',
  ...(action ? { duplicate_field: duplicateField ?? null, action } : {}),
  details: { Modified_Time: iso(record.updatedAt), Modified_By: { id: '1', name: 'Sandbox User' }, Created_Time: iso(record.createdAt), id: record.id, Created_By: { id: '1', name: 'Sandbox User' } },
  message: action === 'update' ? 'record updated' : 'record added',
  status: 'success',
});
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
export const render = (r: StoredRecord): Json => ({ ...r.data, id: r.id, Created_Time: iso(r.createdAt), Modified_Time: iso(r.updatedAt) });
const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.trim().toLowerCase() === b.trim().toLowerCase();
const samePhone = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.replace(/\D/g, '') !== '' && a.replace(/\D/g, '') === b.replace(/\D/g, '');

export function registerRecords(app: FastifyInstance, kit: SandboxKit, uniqueFields: Record<string, string[]>): void {
  const known = (module: string) => (MODULES as readonly string[]).includes(module);

  function invalid(module: string, record: Json, index: number, creating: boolean): Json | null {
    if (creating) {
      for (const field of MANDATORY[module] ?? []) {
        const v = record[field];
        if (v === undefined || v === null || v === '') return zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: field, json_path: `$.data[${index}].${field}` });
      }
    }
    if (record.Email !== undefined && record.Email !== null && (typeof record.Email !== 'string' || !EMAIL.test(record.Email))) return zohoError('INVALID_DATA', 'invalid data', { expected_data_type: 'email', api_name: 'Email', json_path: `$.data[${index}].Email` });
    if (module === 'Tasks' && record.What_Id !== undefined && typeof record.$se_module !== 'string') return zohoError('MANDATORY_NOT_FOUND', 'required field not found', { api_name: '$se_module' });
    return null;
  }

  function duplicateOf(module: string, record: Json, exceptId: string | null): Json | null {
    for (const field of uniqueFields[module] ?? []) {
      if (record[field] === undefined || record[field] === null) continue;
      const hit = kit.all(module).find((r) => r.id !== exceptId && (field === 'Phone' ? samePhone(r.data[field], record[field]) : same(r.data[field], record[field])));
      if (hit) return zohoError('DUPLICATE_DATA', 'duplicate data', { api_name: field, json_path: `$.data[0].${field}`, duplicate_record: { id: hit.id, module: { api_name: module, id: '1' }, Owner: { id: '1', name: 'Sandbox User' } } });
    }
    return null;
  }

  /** Status of a multi-record write: 2xx all good, 207 mixed, 400 all failed. */
  const statusOf = (results: Json[], ok: number) => (results.every((r) => r.status === 'success') ? ok : results.some((r) => r.status === 'success') ? 207 : 400);

  function dataOf(body: unknown): Json[] | Json {
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data) || data.length === 0) return zohoError('INVALID_DATA', 'the data array is missing or empty', { api_name: 'data' });
    if (data.length > 100) return zohoError('LIMIT_EXCEEDED', 'the number of records exceeds 100', { limit: 100 });
    return data as Json[];
  }

  app.post('/crm/v8/:module', async (request, reply) => {
    const { module } = request.params as { module: string };
    if (!known(module)) return reply.code(400).send(zohoError('INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }));
    const data = dataOf(request.body);
    if (!Array.isArray(data)) return reply.code(400).send(data);
    const results = data.map((record, i) => invalid(module, record, i, true) ?? duplicateOf(module, record, null) ?? success(kit.insert(module, { ...record })));
    return reply.code(statusOf(results, 201)).send({ data: results });
  });

  app.post('/crm/v8/:module/upsert', async (request, reply) => {
    const { module } = request.params as { module: string };
    if (!known(module)) return reply.code(400).send(zohoError('INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 }));
    const data = dataOf(request.body);
    if (!Array.isArray(data)) return reply.code(400).send(data);
    const checks = ((request.body as { duplicate_check_fields?: unknown }).duplicate_check_fields as string[] | undefined) ?? (uniqueFields[module] ?? []);
    const results = data.map((record, i) => {
      const field = checks.find((f) => record[f] !== undefined && record[f] !== null && kit.all(module).some((r) => same(r.data[f], record[f])));
      const match = field ? kit.all(module).find((r) => same(r.data[field], record[field])) : undefined;
      const bad = invalid(module, record, i, !match) ?? duplicateOf(module, record, match?.id ?? null);
      if (bad) return bad;
      return match ? success(kit.update(module, match.id, record)!, 'update', field) : success(kit.insert(module, { ...record }), 'insert');
    });
    return reply.code(statusOf(results, 200)).send({ data: results });
  });

  app.put('/crm/v8/:module/:id', async (request, reply) => {
    const { module, id } = request.params as { module: string; id: string };
    const data = dataOf(request.body);
    if (!Array.isArray(data)) return reply.code(400).send(data);
    if (!kit.get(module, id)) return reply.code(400).send({ data: [zohoError('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'id', json_path: '$.data[0].id' })] });
    const bad = invalid(module, data[0]!, 0, false) ?? duplicateOf(module, data[0]!, id);
    if (bad) return reply.code(400).send({ data: [bad] });
    return { data: [success(kit.update(module, id, data[0]!)!)] };
  });

  app.get('/crm/v8/:module/search', async (request, reply) => {
    const { module } = request.params as { module: string };
    const query = request.query as Record<string, string | undefined>;
    if (query.per_page === undefined) return reply.code(400).send(zohoError('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'per_page' }));
    let matches: (r: StoredRecord) => boolean;
    const key = Object.keys(SEARCH_KEYS).find((k) => query[k] !== undefined);
    const criteria = /^\((\w+):equals:(.*)\)$/.exec(query.criteria ?? '');
    if (key) matches = (r) => (key === 'phone' ? samePhone : same)(r.data[SEARCH_KEYS[key]!], query[key]);
    else if (criteria) matches = (r) => String(r.data[criteria[1]!] ?? '') === criteria[2]!.replace(/\\([(),\\])/g, '$1');
    else return reply.code(400).send(zohoError('REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', { param_name: 'criteria' }));
    const found = kit.searchable(module).filter(matches).slice(0, Math.min(200, Number(query.per_page) || 200));
    if (found.length === 0) return reply.code(204).send();
    return { data: found.map(render), info: { per_page: Number(query.per_page), count: found.length, page: 1, more_records: false } };
  });

  app.get('/crm/v8/:module/:id', async (request, reply) => {
    const { module, id } = request.params as { module: string; id: string };
    const record = kit.get(module, id);
    if (!record) return reply.code(204).send();
    return { data: [render(record)] };
  });

  app.get('/crm/v8/:module/:id/:related', async (request, reply) => {
    const { module, id, related } = request.params as { module: string; id: string; related: string };
    if (!kit.get(module, id)) return reply.code(400).send(zohoError('INVALID_DATA', 'the related id given seems to be invalid', { api_name: 'id' }));
    // Notes hang on Parent_Id; a task is a Contact's through Who_Id, any other record's through What_Id.
    const link = related === 'Notes' ? 'Parent_Id' : module === 'Contacts' ? 'Who_Id' : 'What_Id';
    const query = request.query as { page?: string; per_page?: string };
    const perPage = Math.min(200, Number(query.per_page) || 200);
    const page = Math.max(1, Number(query.page) || 1);
    const all = kit.all(related).filter((r) => (r.data[link] as { id?: string } | undefined)?.id === id);
    const slice = all.slice((page - 1) * perPage, page * perPage);
    if (slice.length === 0) return reply.code(204).send();
    return { data: slice.map(render), info: { per_page: perPage, count: slice.length, page, more_records: all.length > page * perPage } };
  });
}
