import type { FastifyInstance } from 'fastify';
import type { SandboxKit, StoredRecord } from '../sandbox/kit.js';
import { associate, associationsOf, checkAssociations, dropAssociations } from './sandbox-associations.js';
import {
  DEFAULT_READ,
  SandboxHttpError,
  errorBody,
  findContactByEmail,
  invalidProperties,
  listParam,
  notFound,
  objectType,
  render,
  storedValues,
  systemValues,
  validateProperties,
  type ObjectType,
} from './sandbox-model.js';
import { searchRecords } from './sandbox-search.js';

/**
 * CRM v3 object routes of the HubSpot sandbox, for contacts, companies, deals, notes and tasks
 * (by name or type id): create (409 CONFLICT on a contact's taken email), read (`idProperty=email`),
 * update, archive, list, search, and batch create / read / update / upsert (≤ 100 inputs; 207 with
 * per-input `StandardError`s tied back by `objectWriteTraceId`).
 */

const BATCH_LIMIT = 100;

type Props = Record<string, unknown>;

function typeParam(raw: string): ObjectType {
  const type = objectType(raw);
  if (!type) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', `Unable to infer object type from: ${raw}`));
  return type;
}

function propsOf(input: unknown): Props {
  const props = (input as { properties?: unknown } | null)?.properties;
  if (typeof props !== 'object' || props === null || Array.isArray(props)) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', 'Invalid input: properties is required'));
  return props as Props;
}

const conflict = (id: string) => new SandboxHttpError(409, errorBody('CONFLICT', `Contact already exists. Existing ID: ${id}`));

export function createObject(kit: SandboxKit, type: ObjectType, input: unknown): StoredRecord {
  const props = propsOf(input);
  const problems = validateProperties(kit, type, props, true);
  if (problems.length > 0) throw invalidProperties(problems);
  if (type === 'contacts' && typeof props.email === 'string' && props.email !== '') {
    const existing = findContactByEmail(kit, props.email);
    if (existing) throw conflict(existing.id);
  }
  const links = checkAssociations(kit, type, (input as { associations?: unknown }).associations);
  const id = kit.newId();
  const record = kit.insert(type, { ...storedValues(type, kit, props), ...systemValues(type, id, kit.clock(), true) }, id);
  for (const link of links) associate(kit, type, id, link.toType, link.toId, link.typeId);
  return record;
}

export function updateObject(kit: SandboxKit, type: ObjectType, record: StoredRecord, props: Props): StoredRecord {
  const problems = validateProperties(kit, type, props, false, record.data as Record<string, string>);
  if (problems.length > 0) throw invalidProperties(problems);
  if (type === 'contacts' && typeof props.email === 'string' && props.email !== '') {
    const owner = findContactByEmail(kit, props.email);
    if (owner && owner.id !== record.id) throw conflict(owner.id);
  }
  return kit.update(type, record.id, { ...storedValues(type, kit, props), ...systemValues(type, record.id, kit.clock(), false) }) ?? record;
}

/** A record by id, or by a unique property (`idProperty=email` for contacts). */
export function lookup(kit: SandboxKit, type: ObjectType, id: string, idProperty?: string): StoredRecord | undefined {
  if (!idProperty || idProperty === 'hs_object_id') return kit.get(type, id);
  if (type === 'contacts' && idProperty === 'email') return findContactByEmail(kit, id);
  return kit.all(type).find((r) => r.data[idProperty] === id);
}

const written = (type: ObjectType, props: Props) => [...new Set([...DEFAULT_READ[type], ...Object.keys(props)])];
const singular = (type: ObjectType) => (type === 'companies' ? 'company' : type.slice(0, -1));

/** One failed batch input as HubSpot's `StandardError`. */
function itemError(error: unknown, traceId: unknown): Record<string, unknown> {
  const body = error instanceof SandboxHttpError ? error.body : errorBody('INTERNAL_ERROR', String(error));
  return { status: 'error', category: body.category, message: body.message, context: typeof traceId === 'string' ? { objectWriteTraceId: [traceId] } : {}, errors: [], links: {} };
}

export function objectRoutes(app: FastifyInstance, kit: SandboxKit): void {
  const now = () => new Date(kit.clock()).toISOString();

  app.get('/crm/v3/objects/:type', async (request) => {
    const type = typeParam((request.params as { type: string }).type);
    const q = request.query as { limit?: string; after?: string; properties?: string };
    const limit = Math.min(Math.max(Number(q.limit ?? 10) || 10, 1), 100);
    const offset = Number(q.after ?? 0) || 0;
    const all = kit.all(type);
    const results = all.slice(offset, offset + limit).map((r) => render(type, r, listParam(q.properties)));
    return offset + limit < all.length ? { results, paging: { next: { after: String(offset + limit) } } } : { results };
  });

  app.post('/crm/v3/objects/:type', async (request, reply) => {
    const type = typeParam((request.params as { type: string }).type);
    const record = createObject(kit, type, request.body);
    return reply.code(201).send(render(type, record, written(type, propsOf(request.body))));
  });

  app.get('/crm/v3/objects/:type/:id', async (request) => {
    const p = request.params as { type: string; id: string };
    const type = typeParam(p.type);
    const q = request.query as { idProperty?: string; properties?: string | string[]; associations?: string | string[] };
    const record = lookup(kit, type, p.id, q.idProperty);
    if (!record) throw notFound();
    const associations: Record<string, { results: Array<{ id: string; type: string }> }> = {};
    for (const raw of listParam(q.associations)) {
      const to = typeParam(raw);
      const results = [...associationsOf(kit, type, record.id, to).keys()].map((id) => ({ id, type: `${singular(type)}_to_${singular(to)}` }));
      if (results.length > 0) associations[to] = { results };
    }
    return { ...render(type, record, listParam(q.properties)), ...(Object.keys(associations).length > 0 ? { associations } : {}) };
  });

  app.patch('/crm/v3/objects/:type/:id', async (request) => {
    const p = request.params as { type: string; id: string };
    const type = typeParam(p.type);
    const record = lookup(kit, type, p.id, (request.query as { idProperty?: string }).idProperty);
    if (!record) throw notFound();
    const props = propsOf(request.body);
    return render(type, updateObject(kit, type, record, props), written(type, props));
  });

  app.delete('/crm/v3/objects/:type/:id', async (request, reply) => {
    const p = request.params as { type: string; id: string };
    const type = typeParam(p.type);
    if (kit.table(type).delete(p.id)) dropAssociations(kit, type, p.id);
    return reply.code(204).send();
  });

  app.post('/crm/v3/objects/:type/search', async (request) => {
    const type = typeParam((request.params as { type: string }).type);
    return searchRecords(kit, type, request.body);
  });

  /** Run each input of a batch body; failed inputs become `StandardError`s (answered with 207). */
  function runBatch(params: unknown, body: unknown, run: (type: ObjectType, input: Record<string, unknown>) => unknown) {
    const type = typeParam((params as { type: string }).type);
    const inputs = (body as { inputs?: unknown } | null)?.inputs;
    if (!Array.isArray(inputs)) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', 'Invalid input JSON: inputs is required'));
    if (inputs.length > BATCH_LIMIT) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', `Batch input limit exceeded: ${inputs.length} inputs, at most ${BATCH_LIMIT}`));
    const startedAt = now();
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputs as Array<Record<string, unknown>>) {
      try {
        const result = run(type, input ?? {});
        if (result !== null) results.push(result);
      } catch (error) {
        errors.push(itemError(error, input?.objectWriteTraceId));
      }
    }
    return { type, results, errors, startedAt };
  }

  const answer = (b: { results: unknown[]; errors: unknown[]; startedAt: string }) => ({
    status: 'COMPLETE',
    results: b.results,
    ...(b.errors.length > 0 ? { errors: b.errors, numErrors: b.errors.length } : {}),
    requestedAt: b.startedAt,
    startedAt: b.startedAt,
    completedAt: now(),
  });

  const traced = (input: Record<string, unknown>, rendered: object) => (typeof input.objectWriteTraceId === 'string' ? { ...rendered, objectWriteTraceId: input.objectWriteTraceId } : rendered);

  app.post('/crm/v3/objects/:type/batch/create', async (request, reply) => {
    const b = runBatch(request.params, request.body, (type, input) => traced(input, render(type, createObject(kit, type, input), written(type, propsOf(input)))));
    return reply.code(b.errors.length > 0 ? 207 : 201).send(answer(b));
  });

  app.post('/crm/v3/objects/:type/batch/update', async (request, reply) => {
    const b = runBatch(request.params, request.body, (type, input) => {
      const record = lookup(kit, type, String(input.id), typeof input.idProperty === 'string' ? input.idProperty : undefined);
      if (!record) throw notFound();
      const props = propsOf(input);
      return traced(input, render(type, updateObject(kit, type, record, props), written(type, props)));
    });
    return reply.code(b.errors.length > 0 ? 207 : 200).send(answer(b));
  });

  app.post('/crm/v3/objects/:type/batch/read', async (request, reply) => {
    const body = (request.body ?? {}) as { properties?: unknown; idProperty?: unknown };
    const names = Array.isArray(body.properties) ? body.properties.map(String) : [];
    const missing: string[] = [];
    const b = runBatch(request.params, request.body, (type, input) => {
      const record = lookup(kit, type, String(input.id), typeof body.idProperty === 'string' ? body.idProperty : undefined);
      if (record) return render(type, record, names);
      missing.push(String(input.id));
      return null;
    });
    if (missing.length > 0) {
      const message = `Could not get some ${singular(b.type).toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`;
      b.errors.push({ status: 'error', category: 'OBJECT_NOT_FOUND', message, context: { ids: missing }, errors: [], links: {} });
    }
    return reply.code(b.errors.length > 0 ? 207 : 200).send(answer(b));
  });

  app.post('/crm/v3/objects/:type/batch/upsert', async (request, reply) => {
    const inputs = ((request.body as { inputs?: unknown[] } | null)?.inputs ?? []) as Array<Record<string, unknown>>;
    const ids = inputs.map((i) => `${String(i.idProperty ?? '')}:${String(i.id).toLowerCase()}`);
    const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
    if (duplicates.length > 0) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', `Duplicate IDs found in batch input: [${duplicates.map((d) => d.split(':').slice(1).join(':')).join(', ')}]`));
    const b = runBatch(request.params, request.body, (type, input) => {
      const idProperty = typeof input.idProperty === 'string' ? input.idProperty : undefined;
      const id = String(input.id ?? '');
      const props = propsOf(input);
      const existing = lookup(kit, type, id, idProperty);
      const keyed = idProperty && idProperty !== 'hs_object_id' ? { ...props, [idProperty]: id } : props;
      if (existing) return { ...traced(input, render(type, updateObject(kit, type, existing, keyed), written(type, keyed))), new: false };
      if (!idProperty || idProperty === 'hs_object_id') throw notFound();
      return { ...traced(input, render(type, createObject(kit, type, { properties: keyed, associations: [] }), written(type, keyed))), new: true };
    });
    return reply.code(b.errors.length > 0 ? 207 : 200).send(answer(b));
  });
}

