import type { FastifyInstance } from 'fastify';
import type { SandboxKit } from '../sandbox/kit.js';
import { SandboxHttpError, errorBody, notFound, objectType, type ObjectType } from './sandbox-model.js';

/**
 * Associations in the HubSpot sandbox: the HUBSPOT_DEFINED type ids (each with its inverse, since
 * HubSpot associations read from both ends), association on create, and the v4 routes:
 * PUT …/associations/default/{toType}/{toId}, PUT …/associations/{toType}/{toId} (labelled),
 * GET …/associations/{toType}, POST /crm/v4/associations/{from}/{to}/batch/associate/default.
 */

/** [from, to, typeId, inverseTypeId, isTheUnlabeledDefault] */
const TYPES: Array<[ObjectType, ObjectType, number, number, boolean]> = [
  ['contacts', 'companies', 279, 280, true],
  ['contacts', 'companies', 1, 2, false],
  ['contacts', 'deals', 4, 3, true],
  ['deals', 'companies', 341, 342, true],
  ['deals', 'companies', 5, 6, false],
  ['notes', 'contacts', 202, 201, true],
  ['notes', 'companies', 190, 189, true],
  ['notes', 'deals', 214, 213, true],
  ['tasks', 'contacts', 204, 203, true],
  ['tasks', 'companies', 192, 191, true],
  ['tasks', 'deals', 216, 215, true],
];

const VALID = new Set(TYPES.flatMap(([from, to, id, inverse]) => [`${from}|${to}|${id}`, `${to}|${from}|${inverse}`]));
const INVERSE = new Map(TYPES.flatMap(([, , id, inverse]) => [[id, inverse] as const, [inverse, id] as const]));
const PRIMARY = new Set([1, 2, 5, 6]);

function defaultType(from: ObjectType, to: ObjectType): number | null {
  for (const [f, t, id, inverse, isDefault] of TYPES) {
    if (!isDefault) continue;
    if (f === from && t === to) return id;
    if (f === to && t === from) return inverse;
  }
  return null;
}

export interface AssociationInput {
  to?: { id?: unknown };
  types?: Array<{ associationCategory?: unknown; associationTypeId?: unknown }>;
}

/** Check a create's `associations` before anything is written. */
export function checkAssociations(kit: SandboxKit, from: ObjectType, inputs: unknown): Array<{ toType: ObjectType; toId: string; typeId: number }> {
  if (inputs === undefined) return [];
  if (!Array.isArray(inputs)) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', 'associations must be an array'));
  const out: Array<{ toType: ObjectType; toId: string; typeId: number }> = [];
  for (const input of inputs as AssociationInput[]) {
    const toId = String(input.to?.id ?? '');
    for (const spec of input.types ?? []) {
      const typeId = Number(spec.associationTypeId);
      const targets = targetsOf(from, typeId);
      const toType = targets.find((t) => kit.get(t, toId));
      if (!toType) {
        const message = targets.length === 0 ? `${String(spec.associationTypeId)} is not a valid association type id for ${from}` : `No ${targets.join(' or ')} with id ${toId} exists`;
        throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', `One or more associations are invalid: ${message}`));
      }
      out.push({ toType, toId, typeId });
    }
  }
  return out;
}

function targetsOf(from: ObjectType, typeId: number): ObjectType[] {
  return (['contacts', 'companies', 'deals', 'notes', 'tasks'] as const).filter((to) => VALID.has(`${from}|${to}|${typeId}`));
}

export function associate(kit: SandboxKit, fromType: ObjectType, fromId: string, toType: ObjectType, toId: string, typeId: number): void {
  const exists = kit
    .all('associations')
    .some(
      (r) =>
        (r.data.fromType === fromType && r.data.fromId === fromId && r.data.toType === toType && r.data.toId === toId && r.data.typeId === typeId) ||
        (r.data.fromType === toType && r.data.fromId === toId && r.data.toType === fromType && r.data.toId === fromId && r.data.typeId === INVERSE.get(typeId)),
    );
  if (!exists) kit.insert('associations', { fromType, fromId, toType, toId, typeId });
}

/** What `fromType/fromId` is associated with among `toType`: id → type ids as seen from this end. */
export function associationsOf(kit: SandboxKit, fromType: ObjectType, fromId: string, toType: ObjectType): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const add = (id: string, typeId: number) => out.set(id, [...(out.get(id) ?? []), typeId]);
  for (const r of kit.all('associations')) {
    const d = r.data as { fromType: string; fromId: string; toType: string; toId: string; typeId: number };
    if (d.fromType === fromType && d.fromId === fromId && d.toType === toType) add(d.toId, d.typeId);
    else if (d.toType === fromType && d.toId === fromId && d.fromType === toType) add(d.fromId, INVERSE.get(d.typeId) ?? d.typeId);
  }
  return out;
}

export function dropAssociations(kit: SandboxKit, type: ObjectType, id: string): void {
  const table = kit.table('associations');
  for (const r of [...table.values()]) if ((r.data.fromType === type && r.data.fromId === id) || (r.data.toType === type && r.data.toId === id)) table.delete(r.id);
}

function associateDefault(kit: SandboxKit, fromType: ObjectType, fromId: string, toType: ObjectType, toId: string) {
  const typeId = defaultType(fromType, toType);
  if (typeId === null) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', `No default association type between ${fromType} and ${toType}`));
  if (!kit.get(fromType, fromId) || !kit.get(toType, toId)) throw notFound();
  associate(kit, fromType, fromId, toType, toId, typeId);
  // HubSpot makes the first company of a contact (or deal) its primary one.
  const primary = [...TYPES].find(([f, t, id]) => f === fromType && t === toType && PRIMARY.has(id));
  if (primary && ![...associationsOf(kit, fromType, fromId, toType).values()].some((ids) => ids.includes(primary[2]))) {
    associate(kit, fromType, fromId, toType, toId, primary[2]);
  }
  return { from: { id: fromId }, to: { id: toId }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId } };
}

function pathTypes(params: { fromType: string; toType: string }): [ObjectType, ObjectType] {
  const from = objectType(params.fromType);
  const to = objectType(params.toType);
  if (!from || !to) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', `Unable to infer object type from: ${!from ? params.fromType : params.toType}`));
  return [from, to];
}

export function associationRoutes(app: FastifyInstance, kit: SandboxKit): void {
  const batchAnswer = (results: unknown[], startedAt: string) => ({ status: 'COMPLETE', results, startedAt, completedAt: new Date(kit.clock()).toISOString() });

  app.put('/crm/v4/objects/:fromType/:fromId/associations/default/:toType/:toId', async (request) => {
    const p = request.params as { fromType: string; fromId: string; toType: string; toId: string };
    const [from, to] = pathTypes(p);
    const startedAt = new Date(kit.clock()).toISOString();
    return batchAnswer([associateDefault(kit, from, p.fromId, to, p.toId)], startedAt);
  });

  app.post('/crm/v4/associations/:fromType/:toType/batch/associate/default', async (request) => {
    const [from, to] = pathTypes(request.params as { fromType: string; toType: string });
    const inputs = (request.body as { inputs?: Array<{ from?: { id?: unknown }; to?: { id?: unknown } }> } | null)?.inputs;
    if (!Array.isArray(inputs)) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', 'inputs is required'));
    const startedAt = new Date(kit.clock()).toISOString();
    return batchAnswer(
      inputs.map((i) => associateDefault(kit, from, String(i.from?.id), to, String(i.to?.id))),
      startedAt,
    );
  });

  app.put('/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId', async (request, reply) => {
    const p = request.params as { fromType: string; fromId: string; toType: string; toId: string };
    const [from, to] = pathTypes(p);
    if (!kit.get(from, p.fromId) || !kit.get(to, p.toId)) throw notFound();
    const specs = Array.isArray(request.body) ? (request.body as Array<{ associationTypeId?: unknown }>) : [];
    for (const spec of specs) {
      const typeId = Number(spec.associationTypeId);
      if (!VALID.has(`${from}|${to}|${typeId}`)) throw new SandboxHttpError(400, errorBody('VALIDATION_ERROR', `${typeId} is not a valid association type from ${from} to ${to}`));
      associate(kit, from, p.fromId, to, p.toId, typeId);
    }
    return reply.code(201).send({ fromObjectTypeId: from, fromObjectId: p.fromId, toObjectTypeId: to, toObjectId: p.toId, labels: [] });
  });

  app.get('/crm/v4/objects/:fromType/:fromId/associations/:toType', async (request) => {
    const p = request.params as { fromType: string; fromId: string; toType: string };
    const [from, to] = pathTypes(p);
    if (!kit.get(from, p.fromId)) throw notFound();
    const q = request.query as { limit?: string; after?: string };
    const limit = Math.min(Math.max(Number(q.limit ?? 500) || 500, 1), 500);
    const offset = Number(q.after ?? 0) || 0;
    const all = [...associationsOf(kit, from, p.fromId, to)].sort(([a], [b]) => Number(a) - Number(b));
    const results = all.slice(offset, offset + limit).map(([toObjectId, typeIds]) => ({
      toObjectId,
      associationTypes: typeIds.map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, ...(PRIMARY.has(typeId) ? { label: 'Primary' } : {}) })),
    }));
    return offset + limit < all.length ? { results, paging: { next: { after: String(offset + limit) } } } : { results };
  });
}
