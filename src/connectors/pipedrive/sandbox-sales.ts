import type { FastifyInstance } from 'fastify';
import type { SandboxKit } from '../sandbox/kit.js';
import { bodyObject, exists, fail, live, mustGet, optionalInt, queryInt, render, requiredString, sorted, v1Page, v1Time, v2Page, type Json, type Query } from './sandbox-http.js';

/**
 * Deals, activities, pipelines and stages (API v2) and notes (API v1, also under `/api/v1`).
 * References are checked (person, organization, deal, pipeline, stage, custom deal field codes) and
 * answer 400 when they do not exist; activity types are the default ones of a new company.
 */

export const ACTIVITY_TYPES = ['call', 'meeting', 'task', 'deadline', 'email', 'lunch'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2})?$/;

function refs(kit: SandboxKit, body: Json): Json {
  const out: Json = {};
  for (const [key, type] of [['person_id', 'person'], ['org_id', 'organization'], ['deal_id', 'deal']] as const) {
    const id = optionalInt(body, key);
    if (!exists(kit, type, id)) fail(400, `Validation failed: ${key}: ${type} ${id} not found`);
    if (id !== undefined) out[key] = id;
  }
  return out;
}

function dealData(kit: SandboxKit, body: Json, existing: Json | null): Json {
  const data: Json = { ...refs(kit, body) };
  if (body.title !== undefined || existing === null) data.title = requiredString(body, 'title');
  let stageId = optionalInt(body, 'stage_id');
  let pipelineId = optionalInt(body, 'pipeline_id');
  if (pipelineId !== undefined && !exists(kit, 'pipeline', pipelineId)) fail(400, `Validation failed: pipeline_id: pipeline ${pipelineId} not found`);
  if (stageId === undefined && existing === null) {
    const first = sorted(live(kit, 'stage').filter((s) => pipelineId === undefined || s.data.pipeline_id === pipelineId), { sort_by: 'order_nr' }, ['order_nr'])[0];
    if (!first) fail(400, 'Validation failed: stage_id: the pipeline has no stages');
    stageId = Number(first.id);
  }
  if (stageId !== undefined) {
    const stage = kit.get('stage', String(stageId));
    if (!stage || stage.data.is_deleted === true) fail(400, `Validation failed: stage_id: stage ${stageId} not found`);
    if (pipelineId !== undefined && stage.data.pipeline_id !== pipelineId) fail(400, 'Validation failed: stage_id: stage does not belong to the pipeline');
    pipelineId = stage.data.pipeline_id as number;
    Object.assign(data, { stage_id: stageId, pipeline_id: pipelineId });
  }
  if (body.value !== undefined && typeof body.value !== 'number') fail(400, 'Validation failed: value: must be a number');
  if (body.expected_close_date !== undefined && (typeof body.expected_close_date !== 'string' || !DATE.test(body.expected_close_date))) fail(400, 'Validation failed: expected_close_date: must be YYYY-MM-DD');
  if (body.status !== undefined && !['open', 'won', 'lost'].includes(String(body.status))) fail(400, 'Validation failed: status: must be open, won or lost');
  for (const key of ['value', 'currency', 'status', 'expected_close_date', 'owner_id', 'visible_to', 'probability']) if (body[key] !== undefined) data[key] = body[key];
  if (body.custom_fields !== undefined) {
    const codes = new Set(kit.all('dealField').filter((f) => f.data.is_custom_field === true).map((f) => f.data.field_code));
    const custom = body.custom_fields as Json;
    for (const code of Object.keys(custom ?? {})) if (!codes.has(code)) fail(400, `Validation failed: custom_fields.${code}: unknown custom field`);
    data.custom_fields = { ...((existing?.custom_fields as Json | undefined) ?? {}), ...custom };
  }
  return data;
}

function activityData(kit: SandboxKit, body: Json): Json {
  const data: Json = { ...refs(kit, body) };
  const type = body.type ?? 'task';
  if (typeof type !== 'string' || !ACTIVITY_TYPES.includes(type)) fail(400, `Validation failed: type: must be one of ${ACTIVITY_TYPES.join(', ')}`);
  if (body.due_date !== undefined && (typeof body.due_date !== 'string' || !DATE.test(body.due_date))) fail(400, 'Validation failed: due_date: must be YYYY-MM-DD');
  if (body.due_time !== undefined && (typeof body.due_time !== 'string' || !TIME.test(body.due_time))) fail(400, 'Validation failed: due_time: must be HH:MM');
  const participants = body.participants ?? [];
  if (!Array.isArray(participants)) fail(400, 'Validation failed: participants: must be an array');
  for (const p of participants as Json[]) if (!exists(kit, 'person', optionalInt(p, 'person_id'))) fail(400, 'Validation failed: participants: person not found');
  const primary = (participants as Json[]).find((p) => p.primary === true) ?? (participants as Json[])[0];
  for (const key of ['subject', 'due_date', 'due_time', 'duration', 'busy', 'done', 'note', 'owner_id', 'priority', 'public_description']) if (body[key] !== undefined) data[key] = body[key];
  return { subject: type, person_id: primary?.person_id ?? data.person_id ?? null, ...data, type, participants };
}

function noteView(kit: SandboxKit, record: ReturnType<SandboxKit['insert']>): Json {
  const d = record.data;
  const person = typeof d.person_id === 'number' ? kit.get('person', String(d.person_id)) : undefined;
  return {
    id: Number(record.id),
    active_flag: true,
    ...d,
    add_time: typeof d.add_time === 'string' ? d.add_time : v1Time(record.createdAt),
    update_time: v1Time(record.updatedAt),
    person: person ? { name: person.data.name } : null,
  };
}

export function registerSales(app: FastifyInstance, kit: SandboxKit): void {
  app.post('/api/v2/deals', async (request) => ({ success: true, data: render(kit.insert('deal', { status: 'open', value: 0, currency: 'USD', owner_id: 1, person_id: null, org_id: null, label_ids: [], is_deleted: false, custom_fields: {}, ...dealData(kit, bodyObject(request.body), null) })) }));
  app.get('/api/v2/deals/:id', async (request) => ({ success: true, data: render(mustGet(kit, 'deal', (request.params as { id: string }).id, 'Deal')) }));
  app.patch('/api/v2/deals/:id', async (request) => {
    const record = mustGet(kit, 'deal', (request.params as { id: string }).id, 'Deal');
    return { success: true, data: render(kit.update('deal', record.id, dealData(kit, bodyObject(request.body), record.data))!) };
  });
  app.get('/api/v2/deals', async (request) => {
    const q = request.query as Query;
    const filters = ['person_id', 'org_id', 'pipeline_id', 'stage_id', 'owner_id'].map((k) => [k, queryInt(q, k)] as const).filter(([, v]) => v !== undefined);
    const only = q.custom_fields ? new Set(q.custom_fields.split(',')) : null;
    const deals = live(kit, 'deal').filter((r) => filters.every(([k, v]) => r.data[k] === v) && (!q.status || r.data.status === q.status));
    return v2Page(
      sorted(deals, q).map((r) => {
        const view = render(r);
        if (only) view.custom_fields = Object.fromEntries(Object.entries(view.custom_fields as Json).filter(([k]) => only.has(k)));
        return view;
      }),
      q,
    );
  });

  app.post('/api/v2/activities', async (request) => ({ success: true, data: render(kit.insert('activity', { done: false, owner_id: 1, deal_id: null, org_id: null, is_deleted: false, ...activityData(kit, bodyObject(request.body)) })) }));
  app.get('/api/v2/activities/:id', async (request) => ({ success: true, data: render(mustGet(kit, 'activity', (request.params as { id: string }).id, 'Activity')) }));
  app.get('/api/v2/activities', async (request) => {
    const q = request.query as Query;
    const filters = ['person_id', 'deal_id', 'org_id', 'owner_id'].map((k) => [k, queryInt(q, k)] as const).filter(([, v]) => v !== undefined);
    const acts = live(kit, 'activity').filter((r) => filters.every(([k, v]) => (k === 'person_id' ? (r.data.participants as Json[]).some((p) => p.person_id === v) || r.data.person_id === v : r.data[k] === v)) && (q.done === undefined || String(r.data.done) === q.done));
    return v2Page(sorted(acts, q, ['id', 'update_time', 'add_time', 'due_date']).map(render), q);
  });

  app.get('/api/v2/pipelines', async (request) => v2Page(sorted(live(kit, 'pipeline'), request.query as Query).map(render), request.query as Query));
  app.post('/api/v2/pipelines', async (request) => {
    const body = bodyObject(request.body);
    const order = live(kit, 'pipeline').length + 1;
    return { success: true, data: render(kit.insert('pipeline', { name: requiredString(body, 'name'), order_nr: order, is_deleted: false, is_deal_probability_enabled: body.is_deal_probability_enabled === true })) };
  });
  app.get('/api/v2/stages', async (request) => {
    const q = request.query as Query;
    const pipeline = queryInt(q, 'pipeline_id');
    const stages = live(kit, 'stage').filter((s) => pipeline === undefined || s.data.pipeline_id === pipeline);
    return v2Page(sorted(stages, q, ['id', 'update_time', 'add_time', 'order_nr']).map(render), q);
  });
  app.post('/api/v2/stages', async (request) => {
    const body = bodyObject(request.body);
    const name = requiredString(body, 'name');
    const pipelineId = optionalInt(body, 'pipeline_id');
    if (pipelineId === undefined || !exists(kit, 'pipeline', pipelineId)) fail(400, 'Validation failed: pipeline_id: pipeline not found');
    const order = live(kit, 'stage').filter((s) => s.data.pipeline_id === pipelineId).length + 1;
    return { success: true, data: render(kit.insert('stage', { name, pipeline_id: pipelineId, order_nr: order, deal_probability: 100, is_deal_rot_enabled: false, days_to_rotten: null, is_deleted: false })) };
  });

  for (const v1 of ['/v1', '/api/v1']) {
    app.post(`${v1}/notes`, async (request) => {
      const body = bodyObject(request.body);
      if (typeof body.content !== 'string' || body.content.trim() === '') fail(400, 'Content is required');
      const links = refs(kit, body);
      if (Object.keys(links).length === 0 && body.lead_id === undefined) fail(400, 'Note must be attached to a lead, deal, person, organization or project');
      if (body.add_time !== undefined && (typeof body.add_time !== 'string' || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(body.add_time))) fail(400, 'Invalid add_time, expected YYYY-MM-DD HH:MM:SS');
      const record = kit.insert('note', { content: body.content, user_id: 1, deal_id: null, org_id: null, person_id: null, ...links, ...(body.add_time ? { add_time: body.add_time } : {}) });
      return { success: true, data: noteView(kit, record) };
    });
    app.get(`${v1}/notes/:id`, async (request) => ({ success: true, data: noteView(kit, mustGet(kit, 'note', (request.params as { id: string }).id, 'Note')) }));
    app.get(`${v1}/notes`, async (request) => {
      const q = request.query as Query;
      const filters = ['person_id', 'deal_id', 'org_id', 'user_id'].map((k) => [k, queryInt(q, k)] as const).filter(([, v]) => v !== undefined);
      const notes = live(kit, 'note').filter((r) => filters.every(([k, v]) => r.data[k] === v));
      return v1Page(notes.map((r) => noteView(kit, r)), q);
    });
  }
}
