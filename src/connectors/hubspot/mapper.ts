import type { MappingEntry } from '../config.js';
import type { CompanyRecord, DealRecord, FieldValue, NoteRecord, PersonRecord, TaskRecord } from '../types.js';
import type { HubspotAccount } from './config.js';

type CustomField = NonNullable<MappingEntry['custom']>;

/**
 * Our records → HubSpot request bodies, and HubSpot answers → ids; pure. Property values travel as
 * strings (HubSpot's rule). Notes, tasks and deals carry a last line `[leadwire:<key>]` so a create
 * whose answer was lost can be found again through the person's associations.
 */

/** HUBSPOT_DEFINED association type ids (crm-apis §1.4; direction matters). */
export const ASSOCIATION_TYPES = {
  dealToContact: 3,
  dealToCompany: 5,
  noteToContact: 202,
  noteToCompany: 190,
  noteToDeal: 214,
  taskToContact: 204,
  taskToCompany: 192,
  taskToDeal: 216,
} as const;

export type Properties = Record<string, string>;
export interface Association {
  to: { id: string };
  types: Array<{ associationCategory: 'HUBSPOT_DEFINED'; associationTypeId: number }>;
}
export interface CreateInput {
  properties: Properties;
  associations: Association[];
  objectWriteTraceId?: string;
}

export function toProperties(fields: Record<string, FieldValue>): Properties {
  const out: Properties = {};
  for (const [name, value] of Object.entries(fields)) if (value !== null) out[name] = String(value);
  return out;
}

export function contactProperties(person: PersonRecord, config: Pick<HubspotAccount, 'leadSource'>): Properties {
  const props = toProperties(person.fields);
  if (person.firstName !== null) props.firstname ??= person.firstName;
  if (person.lastName !== null) props.lastname ??= person.lastName;
  if (person.keys.email !== null) props.email = person.keys.email;
  if (person.keys.phone !== null) props.phone = person.keys.phone;
  if (person.ownerId !== null) props.hubspot_owner_id = person.ownerId;
  if (config.leadSource !== '') props.leadsource ??= config.leadSource;
  return props;
}

/** One input of `POST /crm/v3/objects/contacts/batch/upsert` (the person must have an email). */
export function contactUpsertInput(person: PersonRecord, config: Pick<HubspotAccount, 'leadSource'>, traceId: string) {
  return { id: person.keys.email ?? '', idProperty: 'email', objectWriteTraceId: traceId, properties: contactProperties(person, config) };
}

export function companyProperties(company: CompanyRecord): Properties {
  const props = toProperties(company.fields);
  props.name = company.name;
  if (company.domain !== null) props.domain = company.domain;
  if (company.ownerId !== null) props.hubspot_owner_id = company.ownerId;
  return props;
}

// ── keys embedded in bodies ─────────────────────────────────────────────────────────────────────
export const keyMarker = (key: string) => `[leadwire:${key}]`;

/** Whether a body (HTML, escaped) or a description (plain) carries this key's marker. */
export function hasKeyMarker(text: string | undefined, key: string): boolean {
  const marker = keyMarker(key);
  return (text ?? '').includes(marker) || (text ?? '').includes(escapeHtml(marker));
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text (line breaks) → HubSpot's HTML body, with the key marker as its last line. */
export function htmlBody(text: string, key: string): string {
  return [...text.split(/\r?\n/), keyMarker(key)].map(escapeHtml).join('<br>');
}

/** The inverse of `htmlBody`: the plain text we sent, without the marker. */
export function textOfBody(html: string): string {
  const lines = html.split('<br>').map((l) => l.replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&'));
  if (/^\[leadwire:.*\]$/.test(lines.at(-1) ?? '')) lines.pop();
  return lines.join('\n');
}

const iso = (ms: number) => new Date(ms).toISOString();

function links(entries: Array<[string | null, number]>): Association[] {
  return entries
    .filter((e): e is [string, number] => e[0] !== null)
    .map(([id, typeId]) => ({ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }] }));
}

export function dealInput(deal: DealRecord, config: Pick<HubspotAccount, 'pipeline' | 'dealStage'>, traceId?: string): CreateInput {
  const props = toProperties(deal.fields);
  props.dealname = deal.title;
  props.pipeline = deal.pipeline ?? config.pipeline;
  props.dealstage = deal.stage ?? config.dealStage;
  if (deal.value !== null) props.amount = String(deal.value);
  if (deal.currency !== null) props.deal_currency_code = deal.currency;
  if (deal.closeDate !== null) props.closedate = `${deal.closeDate}T00:00:00.000Z`;
  if (deal.ownerId !== null) props.hubspot_owner_id = deal.ownerId;
  props.description = [props.description, keyMarker(deal.key)].filter(Boolean).join('\n');
  const associations = links([
    [deal.links.personId, ASSOCIATION_TYPES.dealToContact],
    [deal.links.companyId, ASSOCIATION_TYPES.dealToCompany],
  ]);
  return withTrace({ properties: props, associations }, traceId);
}

export function noteInput(note: NoteRecord, traceId?: string): CreateInput {
  const props: Properties = { hs_timestamp: iso(note.at), hs_note_body: htmlBody(note.body, note.key) };
  if (note.ownerId !== null) props.hubspot_owner_id = note.ownerId;
  const associations = links([
    [note.links.personId, ASSOCIATION_TYPES.noteToContact],
    [note.links.companyId, ASSOCIATION_TYPES.noteToCompany],
    [note.links.dealId, ASSOCIATION_TYPES.noteToDeal],
  ]);
  return withTrace({ properties: props, associations }, traceId);
}

export function taskInput(task: TaskRecord, traceId?: string): CreateInput {
  const props: Properties = {
    hs_timestamp: iso(task.dueAt),
    hs_task_subject: task.subject,
    hs_task_body: htmlBody(task.body, task.key),
    hs_task_status: 'NOT_STARTED',
    hs_task_priority: task.priority.toUpperCase(),
    hs_task_type: task.type.toUpperCase(),
  };
  if (task.ownerId !== null) props.hubspot_owner_id = task.ownerId;
  const associations = links([
    [task.links.personId, ASSOCIATION_TYPES.taskToContact],
    [task.links.companyId, ASSOCIATION_TYPES.taskToCompany],
    [task.links.dealId, ASSOCIATION_TYPES.taskToDeal],
  ]);
  return withTrace({ properties: props, associations }, traceId);
}

function withTrace(input: CreateInput, traceId: string | undefined): CreateInput {
  return traceId === undefined ? input : { ...input, objectWriteTraceId: traceId };
}

/** `POST /crm/v3/objects/{type}/search` body: one filter, property = value. */
export function searchEquals(propertyName: string, value: string, properties: string[] = ['hs_object_id']) {
  return { filterGroups: [{ filters: [{ propertyName, operator: 'EQ', value }] }], properties, limit: 10, after: '0', sorts: [] };
}

// ── custom properties ───────────────────────────────────────────────────────────────────────────
const FIELD_TYPES: Record<CustomField['type'], { type: string; fieldType: string }> = {
  text: { type: 'string', fieldType: 'text' },
  textarea: { type: 'string', fieldType: 'textarea' },
  number: { type: 'number', fieldType: 'number' },
  date: { type: 'date', fieldType: 'date' },
  datetime: { type: 'datetime', fieldType: 'date' },
  enum: { type: 'enumeration', fieldType: 'select' },
  bool: { type: 'bool', fieldType: 'booleancheckbox' },
};

/** `POST /crm/v3/properties/contacts` body for one custom field. */
export function propertyCreate(name: string, custom: CustomField) {
  const { type, fieldType } = FIELD_TYPES[custom.type];
  const values = custom.type === 'bool' ? ['true', 'false'] : (custom.options ?? []);
  const options = values.map((value, i) => ({ label: custom.type === 'bool' ? (value === 'true' ? 'Yes' : 'No') : value, value, displayOrder: i, hidden: false }));
  return { name, label: custom.label, type, fieldType, groupName: 'contactinformation', ...(options.length > 0 ? { options } : {}) };
}

// ── answers → ids ───────────────────────────────────────────────────────────────────────────────
interface ObjectLike {
  id?: unknown;
  new?: unknown;
  objectWriteTraceId?: unknown;
  properties?: Record<string, unknown>;
}

const asObject = (body: unknown): Record<string, unknown> => (typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});

export function idOf(body: unknown): string | null {
  const id = asObject(body).id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** `results[]` of a batch answer, with the trace id each result echoes. */
export function batchResults(body: unknown): Array<{ id: string; isNew: boolean; traceId: string | null; properties: Record<string, unknown> }> {
  const results = asObject(body).results;
  if (!Array.isArray(results)) return [];
  return (results as ObjectLike[])
    .filter((r) => typeof r.id === 'string')
    .map((r) => ({ id: r.id as string, isNew: r.new === true, traceId: typeof r.objectWriteTraceId === 'string' ? r.objectWriteTraceId : null, properties: r.properties ?? {} }));
}

export function batchErrors(body: unknown): unknown[] {
  const errors = asObject(body).errors;
  return Array.isArray(errors) ? errors : [];
}

/** `GET /crm/v4/objects/{type}/{id}/associations/{toType}` → the associated ids. */
export function associatedIds(body: unknown): string[] {
  const results = asObject(body).results;
  if (!Array.isArray(results)) return [];
  return results.map((r) => asObject(r).toObjectId).filter((id): id is string | number => typeof id === 'string' || typeof id === 'number').map(String);
}

export function nextAfter(body: unknown): string | null {
  const after = asObject(asObject(asObject(body).paging).next).after;
  return typeof after === 'string' ? after : null;
}
