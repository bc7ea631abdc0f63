import type { FastifyInstance } from 'fastify';
import type { SandboxKit } from '../sandbox/kit.js';
import { OBJECT_TYPES, SandboxHttpError, errorBody, notFound, objectType, propertyDefs, type ObjectType, type PropertyDef } from './sandbox-model.js';

/**
 * The HubSpot sandbox's portal settings: properties (`GET/POST /crm/v3/properties/{type}`,
 * `GET …/{name}`; 409 OBJECT_ALREADY_EXISTS for a taken name), static lists (`POST /crm/v3/lists`,
 * `GET /crm/v3/lists/{id}`, `PUT …/memberships/add`, `GET …/memberships`) and the account details
 * a health check reads (`GET /account-info/v3/details`).
 */

const TYPE_FIELDS: Record<string, string[]> = {
  string: ['text', 'textarea', 'html', 'phonenumber', 'file'],
  number: ['number', 'calculation_equation'],
  date: ['date'],
  datetime: ['date'],
  enumeration: ['select', 'radio', 'checkbox', 'booleancheckbox'],
  bool: ['booleancheckbox'],
  phone_number: ['phonenumber'],
};

const bad = (message: string) => new SandboxHttpError(400, errorBody('VALIDATION_ERROR', message));

function typeParam(raw: string): ObjectType {
  const type = objectType(raw);
  if (!type) throw bad(`Unable to infer object type from: ${raw}`);
  return type;
}

function parsePropertyCreate(body: unknown): PropertyDef {
  const b = (body ?? {}) as Record<string, unknown>;
  const missing = ['name', 'label', 'type', 'fieldType', 'groupName'].filter((k) => typeof b[k] !== 'string' || b[k] === '');
  if (missing.length > 0) throw bad(`Invalid input: missing required fields ${missing.join(', ')}`);
  const name = String(b.name);
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw bad(`Property name ${name} is invalid: use lower-case letters, digits and underscores`);
  const type = String(b.type);
  const fieldType = String(b.fieldType);
  if (!TYPE_FIELDS[type]?.includes(fieldType)) throw bad(`fieldType ${fieldType} is not valid for type ${type}`);
  const options = Array.isArray(b.options) ? (b.options as PropertyDef['options']) : [];
  if ((type === 'enumeration' || type === 'bool') && options.length === 0) throw bad(`Properties of type ${type} need options`);
  return {
    name,
    label: String(b.label),
    type,
    fieldType,
    groupName: String(b.groupName),
    description: typeof b.description === 'string' ? b.description : '',
    options,
    hasUniqueValue: b.hasUniqueValue === true,
    hubspotDefined: false,
  };
}

export function settingsRoutes(app: FastifyInstance, kit: SandboxKit, options: { portalId: number }): void {
  const now = () => new Date(kit.clock()).toISOString();

  app.get('/crm/v3/properties/:type', async (request) => ({ results: propertyDefs(kit, typeParam((request.params as { type: string }).type)) }));

  app.get('/crm/v3/properties/:type/:name', async (request) => {
    const p = request.params as { type: string; name: string };
    const def = propertyDefs(kit, typeParam(p.type)).find((d) => d.name === p.name);
    if (!def) throw notFound();
    return def;
  });

  app.post('/crm/v3/properties/:type', async (request, reply) => {
    const type = typeParam((request.params as { type: string }).type);
    const def = parsePropertyCreate(request.body);
    if (propertyDefs(kit, type).some((d) => d.name === def.name)) {
      throw new SandboxHttpError(409, errorBody('OBJECT_ALREADY_EXISTS', `Property named '${def.name}' already exists.`));
    }
    const created = { ...def, createdAt: now(), updatedAt: now() };
    kit.insert('properties', { objectType: type, definition: created });
    return reply.code(201).send(created);
  });

  // ── lists ───────────────────────────────────────────────────────────────────────────────────
  const listOf = (listId: string) => {
    const record = kit.get('lists', listId);
    if (!record) throw notFound();
    return record;
  };
  const renderList = (id: string) => {
    const d = listOf(id).data;
    const size = kit.all('list_memberships').filter((m) => m.data.listId === id).length;
    return { listId: id, listVersion: 1, name: d.name, objectTypeId: d.objectTypeId, processingType: d.processingType, processingStatus: 'COMPLETE', size, createdAt: d.createdAt, updatedAt: now() };
  };

  app.post('/crm/v3/lists', async (request) => {
    const b = (request.body ?? {}) as { name?: unknown; objectTypeId?: unknown; processingType?: unknown };
    if (typeof b.name !== 'string' || typeof b.objectTypeId !== 'string' || typeof b.processingType !== 'string') throw bad('Invalid input: name, objectTypeId and processingType are required');
    if (kit.all('lists').some((l) => l.data.name === b.name)) throw bad(`A list named ${b.name} already exists`);
    const record = kit.insert('lists', { name: b.name, objectTypeId: b.objectTypeId, processingType: b.processingType, createdAt: now() });
    return { list: renderList(record.id) };
  });

  app.get('/crm/v3/lists/:listId', async (request) => ({ list: renderList((request.params as { listId: string }).listId) }));

  app.put('/crm/v3/lists/:listId/memberships/add', async (request) => {
    const listId = (request.params as { listId: string }).listId;
    const list = listOf(listId);
    if (list.data.processingType !== 'MANUAL' && list.data.processingType !== 'SNAPSHOT') throw bad(`List ${listId} is not a static (MANUAL) list`);
    if (!Array.isArray(request.body)) throw bad('Invalid input JSON: expected an array of record ids');
    const type = Object.entries(OBJECT_TYPES).find(([, id]) => id === list.data.objectTypeId)?.[0] as ObjectType | undefined;
    const added: string[] = [];
    const missing: string[] = [];
    for (const raw of request.body as unknown[]) {
      const recordId = String(raw);
      if (!type || !kit.get(type, recordId)) {
        missing.push(recordId);
        continue;
      }
      const member = kit.all('list_memberships').some((m) => m.data.listId === listId && m.data.recordId === recordId);
      if (!member) {
        kit.insert('list_memberships', { listId, recordId, membershipTimestamp: now() });
        added.push(recordId);
      }
    }
    return { recordsIdsAdded: added, recordIdsMissing: missing, recordIdsRemoved: [] };
  });

  app.get('/crm/v3/lists/:listId/memberships', async (request) => {
    const listId = (request.params as { listId: string }).listId;
    listOf(listId);
    const results = kit
      .all('list_memberships')
      .filter((m) => m.data.listId === listId)
      .map((m) => ({ recordId: String(m.data.recordId), membershipTimestamp: String(m.data.membershipTimestamp) }));
    return { results, total: results.length };
  });

  app.get('/account-info/v3/details', async () => ({
    portalId: options.portalId,
    accountType: 'SANDBOX',
    timeZone: 'UTC',
    companyCurrency: 'USD',
    additionalCurrencies: [],
    utcOffset: '+00:00',
    utcOffsetMilliseconds: 0,
    uiDomain: 'app.hubspot.com',
    dataHostingLocation: 'na1',
  }));
}
