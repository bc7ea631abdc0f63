import type { FastifyInstance } from 'fastify';
import type { SandboxKit, StoredRecord } from '../sandbox/kit.js';
import { bodyObject, fail, fieldCode, requiredString, v2Page, type Json, type Query } from './sandbox-http.js';

/**
 * Field metadata (API v2 `personFields`, `organizationFields`, `dealFields`, their options), the
 * current user (v1 `users/me`), and the company a new sandbox starts with: one admin user, the
 * built-in fields (person labels as the options of `label_ids`), the default pipeline and stages.
 */

export const FIELD_TYPES = ['varchar', 'varchar_auto', 'text', 'double', 'monetary', 'phone', 'date', 'daterange', 'time', 'timerange', 'set', 'enum', 'address', 'org', 'people', 'user'];
const WITH_OPTIONS = new Set(['set', 'enum']);
const ENTITIES = { personFields: 'personField', organizationFields: 'organizationField', dealFields: 'dealField' } as const;

export const SANDBOX_USER = { id: 1, name: 'Sandbox Admin', email: 'admin@sandbox.invalid', company_id: 1, company_name: 'Sandbox Co', is_admin: 1, active_flag: true, default_currency: 'USD', locale: 'en_US', lang: 1, timezone_name: 'UTC' };

function fieldView(record: StoredRecord): Json {
  const { option_seq: _seq, ...data } = record.data;
  return { field_name: data.field_name, field_code: data.field_code, field_type: data.field_type, options: null, subfields: null, is_custom_field: false, is_optional_response_field: false, ...data };
}

function insertField(kit: SandboxKit, type: string, data: Json): StoredRecord {
  const id = kit.newId();
  const options = Array.isArray(data.options) ? (data.options as Json[]).map((o, i) => ({ id: i + 1, label: o.label })) : null;
  return kit.insert(type, { field_code: fieldCode(`${type}:${id}`), ...data, options, option_seq: options?.length ?? 0 }, id);
}

/** The company every sandbox starts with; run again after `/_sandbox/reset`. */
export function seed(kit: SandboxKit, companyDomain: string): void {
  kit.insert('user', { ...SANDBOX_USER, company_domain: companyDomain }, '1');
  const builtIn = (type: string, field_name: string, field_code: string, field_type: string, options?: string[]) =>
    insertField(kit, type, { field_name, field_code, field_type, is_custom_field: false, ...(options ? { options: options.map((label) => ({ label })) } : {}) });
  builtIn('personField', 'Name', 'name', 'varchar');
  builtIn('personField', 'Email', 'emails', 'varchar');
  builtIn('personField', 'Phone', 'phones', 'phone');
  builtIn('personField', 'Organization', 'org_id', 'org');
  builtIn('personField', 'Owner', 'owner_id', 'user');
  builtIn('personField', 'Labels', 'label_ids', 'set', ['Customer', 'Hot lead', 'Warm lead', 'Cold lead']);
  builtIn('organizationField', 'Name', 'name', 'varchar');
  builtIn('organizationField', 'Labels', 'label_ids', 'set', ['Customer', 'Hot lead', 'Warm lead', 'Cold lead']);
  builtIn('dealField', 'Title', 'title', 'varchar');
  builtIn('dealField', 'Value', 'value', 'monetary');
  const pipeline = kit.insert('pipeline', { name: 'Pipeline', order_nr: 1, is_deleted: false, is_deal_probability_enabled: false });
  ['Qualified', 'Contact Made', 'Demo Scheduled', 'Proposal Made', 'Negotiations Started'].forEach((name, i) =>
    kit.insert('stage', { name, pipeline_id: Number(pipeline.id), order_nr: i + 1, deal_probability: 100, is_deal_rot_enabled: false, days_to_rotten: null, is_deleted: false }),
  );
}

function optionLabels(body: unknown): string[] {
  if (!Array.isArray(body) || body.length === 0) fail(400, 'Validation failed: body: at least one option is required');
  return body.map((o: unknown, i) => {
    const label = (o as Json | null)?.label;
    if (typeof label !== 'string' || label.trim() === '' || label.length > 255) fail(400, `Validation failed: [${i}].label: must be 1 to 255 characters`);
    return label;
  });
}

export function registerFields(app: FastifyInstance, kit: SandboxKit): void {
  for (const [path, type] of Object.entries(ENTITIES)) {
    app.get(`/api/v2/${path}`, async (request) => v2Page(kit.all(type).map(fieldView), request.query as Query));

    app.get(`/api/v2/${path}/:code`, async (request) => {
      const field = kit.all(type).find((f) => f.data.field_code === (request.params as { code: string }).code);
      if (!field) fail(404, 'Field not found');
      return { success: true, data: fieldView(field) };
    });

    app.post(`/api/v2/${path}`, async (request) => {
      const body = bodyObject(request.body);
      const name = requiredString(body, 'field_name');
      const fieldType = requiredString(body, 'field_type');
      if (!FIELD_TYPES.includes(fieldType)) fail(400, `Validation failed: field_type: must be one of ${FIELD_TYPES.join(', ')}`);
      if (WITH_OPTIONS.has(fieldType)) optionLabels(body.options);
      const record = insertField(kit, type, { field_name: name, field_type: fieldType, is_custom_field: true, ...(WITH_OPTIONS.has(fieldType) ? { options: body.options } : {}) });
      return { success: true, data: fieldView(record) };
    });

    app.post(`/api/v2/${path}/:code/options`, async (request) => {
      const field = kit.all(type).find((f) => f.data.field_code === (request.params as { code: string }).code);
      if (!field) fail(404, 'Field not found');
      if (!WITH_OPTIONS.has(String(field.data.field_type))) fail(400, 'Field does not support options');
      let seq = Number(field.data.option_seq ?? 0);
      const added = optionLabels(request.body).map((label) => ({ id: (seq += 1), label }));
      kit.update(type, field.id, { options: [...((field.data.options as Json[] | null) ?? []), ...added], option_seq: seq });
      return { success: true, data: added, additional_data: null };
    });
  }

  for (const v1 of ['/v1', '/api/v1']) {
    app.get(`${v1}/users/me`, async () => {
      const user = kit.get('user', '1');
      if (!user) fail(404, 'User not found');
      return { success: true, data: { ...user.data, id: 1 } };
    });
  }
}
