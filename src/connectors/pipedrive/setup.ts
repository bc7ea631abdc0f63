import type { MappingEntry } from '../config.js';
import type { SetupReport } from '../types.js';
import { listV2, type PipedriveCall } from './client.js';
import type { PipedriveAccount } from './config.js';
import { dataOf } from './errors.js';
import { fieldBody } from './mapper.js';

/**
 * What the connector must know about the company before it writes: the person label option id,
 * the `field_code` of each mapped custom field, the deal field that carries our key, and the
 * pipeline and stage ids. Looked up once and cached; whatever is missing is created (fields, the
 * label option, the pipeline and a first stage), so setup is idempotent and a write never depends
 * on `leadwire crm setup` having run.
 */

export interface Stage {
  id: number;
  name: string;
  orderNr: number;
}

export interface Meta {
  labelIds: number[];
  /** Mapping `to` names and field names → person field codes. */
  personCodes: Record<string, string>;
  /** Deal custom field names → codes. */
  dealCodes: Record<string, string>;
  dealKeyField: string;
  pipelineId: number;
  stages: Stage[];
  stageId: number;
}

/** The deal field that holds our idempotency key (`DealRecord.key`). */
export const DEAL_KEY_FIELD = 'Leadwire key';
/** v2 person field code of the person labels (a `set` field whose options are the labels). */
export const PERSON_LABEL_FIELD = 'label_ids';

interface Field {
  field_code: string;
  field_name: string;
  field_type: string;
  is_custom_field?: boolean;
  options?: Array<{ id: number; label: string }> | null;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

async function collect<T>(items: AsyncGenerator<Record<string, unknown>>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item as T);
  return out;
}

export function createSetup(call: PipedriveCall, config: PipedriveAccount, mapping: readonly MappingEntry[]) {
  async function ensureField(fields: Field[], entity: 'personFields' | 'dealFields', custom: NonNullable<MappingEntry['custom']>, report: SetupReport): Promise<Field> {
    const found = fields.find((f) => same(f.field_name, custom.label));
    if (found) {
      report.existing.push(`${entity}:${custom.label}`);
      return found;
    }
    const created = dataOf(await call('POST', `/api/v2/${entity}`, { body: fieldBody(custom) }), `create ${entity}`) as Field;
    fields.push(created);
    report.created.push(`${entity}:${custom.label}`);
    return created;
  }

  async function personFields(report: SetupReport): Promise<{ codes: Record<string, string>; labelIds: number[] }> {
    const fields = await collect<Field>(listV2(call, '/api/v2/personFields'));
    const codes: Record<string, string> = {};
    for (const f of fields) if (f.is_custom_field) codes[f.field_name] = f.field_code;
    for (const entry of mapping) {
      const field = entry.custom ? await ensureField(fields, 'personFields', entry.custom, report) : fields.find((f) => f.is_custom_field && (same(f.field_name, entry.to) || f.field_code === entry.to));
      if (field) codes[entry.to] = field.field_code;
    }
    const labelField = fields.find((f) => f.field_code === PERSON_LABEL_FIELD);
    if (!labelField) throw new Error(`pipedrive: no person field ${PERSON_LABEL_FIELD}`);
    let option = (labelField.options ?? []).find((o) => same(o.label, config.label));
    if (option) report.existing.push(`label:${config.label}`);
    else {
      const path = `/api/v2/personFields/${PERSON_LABEL_FIELD}/options`;
      const options = dataOf(await call('POST', path, { body: [{ label: config.label }] }), 'create person label') as Array<{ id: number; label: string }>;
      option = options.find((o) => same(o.label, config.label));
      if (!option) throw new Error('pipedrive: the created label option is missing from the answer');
      report.created.push(`label:${config.label}`);
    }
    return { codes, labelIds: [option.id] };
  }

  async function dealFields(report: SetupReport): Promise<{ codes: Record<string, string>; keyField: string }> {
    const fields = await collect<Field>(listV2(call, '/api/v2/dealFields'));
    const key = await ensureField(fields, 'dealFields', { label: DEAL_KEY_FIELD, type: 'text' }, report);
    const codes: Record<string, string> = {};
    for (const f of fields) if (f.is_custom_field) codes[f.field_name] = f.field_code;
    return { codes, keyField: key.field_code };
  }

  async function pipeline(report: SetupReport): Promise<{ pipelineId: number; stages: Stage[]; stageId: number }> {
    const pipelines = await collect<{ id: number; name: string; is_deleted?: boolean }>(listV2(call, '/api/v2/pipelines'));
    let found = pipelines.find((p) => !p.is_deleted && same(p.name, config.pipeline));
    if (found) report.existing.push(`pipeline:${config.pipeline}`);
    else {
      found = dataOf(await call('POST', '/api/v2/pipelines', { body: { name: config.pipeline } }), 'create pipeline') as { id: number; name: string };
      report.created.push(`pipeline:${config.pipeline}`);
    }
    const raw = await collect<{ id: number; name: string; order_nr: number; is_deleted?: boolean }>(listV2(call, '/api/v2/stages', { pipeline_id: found.id, sort_by: 'order_nr', sort_direction: 'asc' }));
    const stages = raw.filter((s) => !s.is_deleted).map((s) => ({ id: s.id, name: s.name, orderNr: s.order_nr }));
    const wanted = config.stage;
    let stage = wanted ? stages.find((s) => same(s.name, wanted)) : stages[0];
    if (stage) report.existing.push(`stage:${stage.name}`);
    else {
      const name = wanted ?? 'New lead';
      const created = dataOf(await call('POST', '/api/v2/stages', { body: { name, pipeline_id: found.id } }), 'create stage') as { id: number; name: string; order_nr: number };
      stage = { id: created.id, name: created.name, orderNr: created.order_nr };
      stages.push(stage);
      report.created.push(`stage:${name}`);
    }
    return { pipelineId: found.id, stages, stageId: stage.id };
  }

  async function ensure(): Promise<{ meta: Meta; report: SetupReport }> {
    const report: SetupReport = { created: [], existing: [] };
    const person = await personFields(report);
    const deal = await dealFields(report);
    const pipe = await pipeline(report);
    const meta: Meta = { labelIds: person.labelIds, personCodes: person.codes, dealCodes: deal.codes, dealKeyField: deal.keyField, ...pipe };
    return { meta, report };
  }

  let cached: Promise<Meta> | null = null;
  return {
    ensure: async (): Promise<SetupReport> => {
      const result = ensure();
      cached = result.then((r) => r.meta);
      cached.catch(() => {
        cached = null;
      });
      return (await result).report;
    },
    meta: (): Promise<Meta> => {
      if (!cached) {
        cached = ensure().then((r) => r.meta);
        cached.catch(() => {
          cached = null;
        });
      }
      return cached;
    },
  };
}
