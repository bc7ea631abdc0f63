import type { FastifyInstance } from 'fastify';
import type { SandboxKit, StoredRecord } from '../sandbox/kit.js';
import { bodyObject, exists, fail, live, mustGet, optionalInt, queryInt, render, requiredString, sorted, updatedWithin, v2Page, type Json, type Query } from './sandbox-http.js';

/**
 * Persons and organizations (API v2): create, read, update, delete, list with the v2 filters and
 * cursor, and search (`/persons/search`, `/organizations/search`) over the kit's searchable view,
 * which lags writes by `faults.searchLagMs`. Validation answers 400: a malformed email, unknown
 * organization, label option or custom field code.
 */

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEFAULT_OWNER = 1;

type Entity = 'person' | 'organization';

function contactItems(body: Json, key: 'emails' | 'phones'): Json[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(400, `Validation failed: ${key}: must be an array`);
  return value.map((item: unknown, i) => {
    const o = item as Json;
    if (typeof o !== 'object' || o === null || typeof o.value !== 'string') fail(400, `Validation failed: ${key}[${i}].value: is required`);
    if (key === 'emails' && !EMAIL.test(o.value)) fail(400, `Validation failed: ${key}[${i}].value: must be a valid email address`);
    return { value: o.value, primary: o.primary === true, label: typeof o.label === 'string' ? o.label : 'work' };
  });
}

/** Custom field codes of an entity's fields (`personField` / `organizationField` records). */
function fieldOf(kit: SandboxKit, entity: Entity, code: string): StoredRecord | undefined {
  return kit.all(`${entity}Field`).find((f) => f.data.field_code === code);
}

function customFields(kit: SandboxKit, entity: Entity, body: Json): Json | undefined {
  const value = body.custom_fields;
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(400, 'Validation failed: custom_fields: must be an object');
  for (const [code, v] of Object.entries(value as Json)) {
    const field = fieldOf(kit, entity, code);
    if (!field || field.data.is_custom_field !== true) fail(400, `Validation failed: custom_fields.${code}: unknown custom field`);
    if (field.data.field_type === 'double' && v !== null && typeof v !== 'number') fail(400, `Validation failed: custom_fields.${code}: must be a number`);
  }
  return value as Json;
}

function labelIds(kit: SandboxKit, entity: Entity, body: Json): number[] | undefined {
  const value = body.label_ids;
  if (value === undefined) return undefined;
  const field = fieldOf(kit, entity, 'label_ids');
  const known = new Set(((field?.data.options as Json[] | null) ?? []).map((o) => o.id));
  if (!Array.isArray(value) || value.some((id) => !known.has(id))) fail(400, 'Validation failed: label_ids: unknown label id');
  return value as number[];
}

/** The writable v2 properties of a person / organization body, validated. */
function writable(kit: SandboxKit, entity: Entity, body: Json, existing: Json | null): Json {
  const data: Json = {};
  if (body.name !== undefined || existing === null) data.name = requiredString(body, 'name');
  const org = entity === 'person' ? optionalInt(body, 'org_id') : undefined;
  if (!exists(kit, 'organization', org)) fail(400, `Validation failed: org_id: organization ${org} not found`);
  if (org !== undefined) data.org_id = org;
  const owner = optionalInt(body, 'owner_id');
  if (owner !== undefined) data.owner_id = owner;
  if (entity === 'person') {
    const emails = contactItems(body, 'emails');
    if (emails) data.emails = emails;
    const phones = contactItems(body, 'phones');
    if (phones) data.phones = phones;
  }
  for (const key of ['job_title', 'birthday', 'notes', 'marketing_status', 'website', 'linkedin', 'visible_to', 'address']) if (body[key] !== undefined) data[key] = body[key];
  const labels = labelIds(kit, entity, body);
  if (labels) data.label_ids = labels;
  const custom = customFields(kit, entity, body);
  if (custom) data.custom_fields = { ...((existing?.custom_fields as Json | undefined) ?? {}), ...custom };
  if (typeof data.name === 'string' && entity === 'person') {
    const [first, ...rest] = data.name.trim().split(/\s+/);
    data.first_name = first;
    data.last_name = rest.join(' ');
  }
  return data;
}

const DEFAULTS: Record<Entity, Json> = {
  person: { org_id: null, owner_id: DEFAULT_OWNER, emails: [], phones: [], label_ids: [], custom_fields: {}, visible_to: 3, is_deleted: false },
  organization: { owner_id: DEFAULT_OWNER, label_ids: [], custom_fields: {}, visible_to: 3, is_deleted: false },
};

const same = (a: string, b: string, exact: boolean) => (exact ? a.toLowerCase() === b.toLowerCase() : a.toLowerCase().includes(b.toLowerCase()));
const digits = (s: string) => s.replace(/\D/g, '');

function searchHit(r: StoredRecord, fields: string[], term: string, exact: boolean): number {
  const d = r.data;
  const values: string[] = [];
  if (fields.includes('name')) values.push(String(d.name ?? ''));
  if (fields.includes('email')) values.push(...((d.emails as Json[]) ?? []).map((e) => String(e.value)));
  if (fields.includes('notes') && typeof d.notes === 'string') values.push(d.notes);
  if (fields.includes('address') && typeof d.address === 'object' && d.address !== null) values.push(String((d.address as Json).value ?? ''));
  if (fields.includes('custom_fields')) values.push(...Object.values((d.custom_fields as Json) ?? {}).map(String));
  if (values.some((v) => same(v, term, exact))) return 1;
  if (fields.includes('phone') && digits(term) !== '') {
    const phones = ((d.phones as Json[]) ?? []).map((p) => digits(String(p.value)));
    if (phones.some((p) => (exact ? p === digits(term) : p.includes(digits(term))))) return 0.9;
  }
  return 0;
}

function searchItem(kit: SandboxKit, entity: Entity, r: StoredRecord): Json {
  const d = r.data;
  const base = { id: Number(r.id), type: entity, name: d.name, visible_to: d.visible_to, owner: { id: d.owner_id }, custom_fields: [], notes: [] };
  if (entity === 'organization') return { ...base, address: (d.address as Json | null)?.value ?? null };
  const org = typeof d.org_id === 'number' ? kit.get('organization', String(d.org_id)) : undefined;
  return {
    ...base,
    phones: ((d.phones as Json[]) ?? []).map((p) => p.value),
    emails: ((d.emails as Json[]) ?? []).map((e) => e.value),
    organization: org ? { id: Number(org.id), name: org.data.name, address: null } : null,
  };
}

export function registerPeople(app: FastifyInstance, kit: SandboxKit): void {
  const families: Array<{ entity: Entity; path: string; label: string; searchFields: string[] }> = [
    { entity: 'person', path: '/api/v2/persons', label: 'Person', searchFields: ['custom_fields', 'email', 'notes', 'phone', 'name'] },
    { entity: 'organization', path: '/api/v2/organizations', label: 'Organization', searchFields: ['address', 'custom_fields', 'notes', 'name'] },
  ];
  for (const { entity, path, label, searchFields } of families) {
    app.get(`${path}/search`, async (request) => {
      const q = request.query as Query;
      const term = (q.term ?? '').trim();
      const exact = q.exact_match === 'true';
      if (term.length < (exact ? 1 : 2)) fail(400, 'Validation failed: term: must be at least 2 characters long (1 with exact_match)');
      const fields = q.fields ? q.fields.split(',') : searchFields;
      if (fields.some((f) => !searchFields.includes(f))) fail(400, `Validation failed: fields: must be among ${searchFields.join(', ')}`);
      const orgFilter = queryInt(q, 'organization_id');
      const hits = kit
        .searchable(entity)
        .filter((r) => r.data.is_deleted !== true && (orgFilter === undefined || r.data.org_id === orgFilter))
        .map((r) => ({ r, score: searchHit(r, fields, term, exact) }))
        .filter((h) => h.score > 0)
        .map((h) => ({ result_score: h.score, item: searchItem(kit, entity, h.r) }));
      const page = v2Page(hits, q);
      return { ...page, data: { items: page.data } };
    });

    app.post(path, async (request) => {
      const data = writable(kit, entity, bodyObject(request.body), null);
      return { success: true, data: render(kit.insert(entity, { ...DEFAULTS[entity], ...data })) };
    });

    app.get(`${path}/:id`, async (request) => ({ success: true, data: render(mustGet(kit, entity, (request.params as { id: string }).id, label)) }));

    app.patch(`${path}/:id`, async (request) => {
      const record = mustGet(kit, entity, (request.params as { id: string }).id, label);
      const data = writable(kit, entity, bodyObject(request.body), record.data);
      return { success: true, data: render(kit.update(entity, record.id, data)!) };
    });

    app.delete(`${path}/:id`, async (request) => {
      const record = mustGet(kit, entity, (request.params as { id: string }).id, label);
      kit.update(entity, record.id, { is_deleted: true });
      return { success: true, data: { id: Number(record.id) } };
    });

    app.get(path, async (request) => {
      const q = request.query as Query;
      const ids = q.ids ? new Set(q.ids.split(',')) : null;
      const org = queryInt(q, 'org_id');
      const owner = queryInt(q, 'owner_id');
      const matching = live(kit, entity).filter((r) => (!ids || ids.has(r.id)) && (org === undefined || r.data.org_id === org) && (owner === undefined || r.data.owner_id === owner));
      return v2Page(sorted(updatedWithin(matching, q), q).map(render), q);
    });
  }
}
