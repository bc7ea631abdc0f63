import type { MappingEntry } from '../config.js';
import type { CompanyRecord, DealRecord, FieldValue, NoteRecord, PersonRecord, TaskRecord } from '../types.js';

/**
 * Pure mapping between our records and Pipedrive's bodies (API v2 for persons, organizations,
 * deals, activities and fields; v1 for notes), and from its answers back to ids. No I/O: what the
 * connector looked up (label option ids, custom field codes, pipeline and stage ids, the person's
 * current emails and labels) comes in as arguments.
 */

/** v2 emails/phones item. */
export interface ContactItem {
  value: string;
  primary: boolean;
  label: string;
}

/** What an update must merge with, because v2 PATCH replaces arrays. */
export interface PersonState {
  id: string;
  emails: ContactItem[];
  phones: ContactItem[];
  labelIds: number[];
}

export interface FieldContext {
  /** Mapping `to` (a field name or code) → the field's 40-char `field_code`. */
  fieldCodes: Record<string, string>;
}

export type Body = Record<string, unknown>;

/** Top-level v2 person properties a mapping may name directly. */
const PERSON_STANDARD = new Set(['job_title', 'birthday', 'notes', 'marketing_status', 'visible_to']);
const ORG_STANDARD = new Set(['website', 'linkedin', 'industry', 'annual_revenue', 'employee_count', 'visible_to']);
const FIELD_CODE = /^[0-9a-f]{40}$/;

/** Place mapped fields: standard ones at the top level, custom ones under `custom_fields` by code. */
export function placeFields(fields: Record<string, FieldValue>, standard: ReadonlySet<string>, ctx: FieldContext): { top: Body; custom: Body; unmapped: string[] } {
  const top: Body = {};
  const custom: Body = {};
  const unmapped: string[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (standard.has(name)) top[name] = value;
    else if (ctx.fieldCodes[name]) custom[ctx.fieldCodes[name]] = value;
    else if (FIELD_CODE.test(name)) custom[name] = value;
    else unmapped.push(name);
  }
  return { top, custom, unmapped };
}

function numericId(id: string | null): number | undefined {
  if (id === null || !/^\d+$/.test(id)) return undefined;
  return Number(id);
}

function withItem(existing: ContactItem[] | null, value: string | null, label: string, same: (a: string, b: string) => boolean): ContactItem[] | undefined {
  if (value === null) return undefined;
  if (existing === null) return [{ value, primary: true, label }];
  if (existing.some((item) => same(item.value, value))) return undefined;
  return [...existing, { value, primary: existing.length === 0, label }];
}

export const sameEmail = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
export const samePhone = (a: string, b: string): boolean => a.replace(/\D/g, '') === b.replace(/\D/g, '') && a.replace(/\D/g, '') !== '';

/**
 * POST (existing = null) or PATCH body for a person. On update the emails, phones and labels the
 * person already has are kept: v2 replaces these arrays wholesale.
 */
export function personBody(person: PersonRecord, labelIds: number[], ctx: FieldContext, existing: PersonState | null): { body: Body; unmapped: string[] } {
  const fullName = [person.firstName, person.lastName].filter(Boolean).join(' ');
  const { top, custom, unmapped } = placeFields(person.fields, PERSON_STANDARD, ctx);
  const body: Body = { ...top };
  if (fullName !== '') body.name = fullName;
  else if (existing === null) body.name = person.keys.email ?? person.keys.phone ?? 'Unknown';
  const emails = withItem(existing?.emails ?? null, person.keys.email, 'work', sameEmail);
  if (emails) body.emails = emails;
  const phones = withItem(existing?.phones ?? null, person.keys.phone, 'mobile', samePhone);
  if (phones) body.phones = phones;
  const owner = numericId(person.ownerId);
  if (owner !== undefined) body.owner_id = owner;
  const org = numericId(person.companyId);
  if (org !== undefined) body.org_id = org;
  const labels = [...new Set([...(existing?.labelIds ?? []), ...labelIds])];
  if (labels.length > (existing?.labelIds.length ?? 0)) body.label_ids = labels;
  if (Object.keys(custom).length > 0) body.custom_fields = custom;
  return { body, unmapped };
}

export function organizationBody(company: CompanyRecord, ctx: FieldContext, creating: boolean): { body: Body; unmapped: string[] } {
  const { top, custom, unmapped } = placeFields(company.fields, ORG_STANDARD, ctx);
  const body: Body = { name: company.name, ...top };
  if (creating && company.domain && body.website === undefined) body.website = `https://${company.domain}`;
  const owner = numericId(company.ownerId);
  if (owner !== undefined) body.owner_id = owner;
  if (Object.keys(custom).length > 0) body.custom_fields = custom;
  return { body, unmapped };
}

export interface DealContext extends FieldContext {
  pipelineId: number;
  stageId: number;
  /** field_code of the deal field that carries our key. */
  keyField: string;
}

export function dealBody(deal: DealRecord, ctx: DealContext): { body: Body; unmapped: string[] } {
  const { top, custom, unmapped } = placeFields(deal.fields, new Set(), ctx);
  const body: Body = { ...top, title: deal.title, person_id: Number(deal.links.personId), pipeline_id: ctx.pipelineId, stage_id: ctx.stageId, status: 'open' };
  const org = numericId(deal.links.companyId);
  if (org !== undefined) body.org_id = org;
  const owner = numericId(deal.ownerId);
  if (owner !== undefined) body.owner_id = owner;
  if (deal.value !== null) body.value = deal.value;
  if (deal.currency !== null) body.currency = deal.currency;
  if (deal.closeDate !== null) body.expected_close_date = deal.closeDate;
  body.custom_fields = { ...custom, [ctx.keyField]: deal.key };
  return { body, unmapped };
}

/** The token we embed in notes and activities to find them again after a lost answer. */
export function keyMarker(key: string): string {
  return `[lw:${key}]`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text with line breaks → Pipedrive's HTML, our key marker as the last paragraph. */
export function htmlWithMarker(text: string, key: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`);
  return `${paragraphs.join('')}<p>${escapeHtml(keyMarker(key))}</p>`;
}

/** `YYYY-MM-DD HH:MM:SS` in UTC, as v1 `add_time` wants it. */
export function v1Time(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function noteBody(note: NoteRecord): Body {
  const body: Body = { content: htmlWithMarker(note.body, note.key), person_id: Number(note.links.personId), add_time: v1Time(note.at) };
  const deal = numericId(note.links.dealId);
  if (deal !== undefined) body.deal_id = deal;
  const org = numericId(note.links.companyId);
  if (org !== undefined) body.org_id = org;
  return body;
}

const ACTIVITY_TYPE: Record<TaskRecord['type'], string> = { call: 'call', todo: 'task', email: 'email' };

/** A v2 activity: due on the UTC date (and time) of `dueAt`, the person as primary participant. */
export function activityBody(task: TaskRecord): Body {
  const due = new Date(task.dueAt).toISOString();
  const body: Body = {
    subject: task.subject,
    type: ACTIVITY_TYPE[task.type],
    due_date: due.slice(0, 10),
    due_time: due.slice(11, 16),
    done: false,
    participants: [{ person_id: Number(task.links.personId), primary: true }],
    note: htmlWithMarker(task.body, task.key),
  };
  const owner = numericId(task.ownerId);
  if (owner !== undefined) body.owner_id = owner;
  const deal = numericId(task.links.dealId);
  if (deal !== undefined) body.deal_id = deal;
  const org = numericId(task.links.companyId);
  if (org !== undefined) body.org_id = org;
  return body;
}

const FIELD_TYPE: Record<NonNullable<MappingEntry['custom']>['type'], string> = {
  text: 'varchar',
  textarea: 'text',
  number: 'double',
  date: 'date',
  datetime: 'varchar',
  enum: 'enum',
  bool: 'enum',
};

/** POST /api/v2/personFields body for a mapping's custom declaration. */
export function fieldBody(custom: NonNullable<MappingEntry['custom']>): Body {
  const body: Body = { field_name: custom.label, field_type: FIELD_TYPE[custom.type] };
  if (custom.type === 'enum') body.options = (custom.options ?? []).map((label) => ({ label }));
  if (custom.type === 'bool') body.options = [{ label: 'Yes' }, { label: 'No' }];
  return body;
}

// ── answers → ids ────────────────────────────────────────────────────────────────────────────

export function idOf(data: unknown): string {
  const id = (data as { id?: unknown } | null)?.id;
  if (typeof id !== 'number' && typeof id !== 'string') throw new Error('pipedrive answer without data.id');
  return String(id);
}

function items(value: unknown): ContactItem[] {
  if (!Array.isArray(value)) return [];
  return value.filter((i): i is ContactItem => typeof i === 'object' && i !== null && typeof (i as ContactItem).value === 'string');
}

export function personStateOf(data: unknown): PersonState {
  const d = data as { emails?: unknown; phones?: unknown; label_ids?: unknown };
  return { id: idOf(data), emails: items(d.emails), phones: items(d.phones), labelIds: Array.isArray(d.label_ids) ? d.label_ids.filter((n): n is number => typeof n === 'number') : [] };
}

/** Ids from a v2 search answer `{items:[{result_score, item:{id,…}}]}`, lowest (oldest) first. */
export function searchIds(data: unknown): string[] {
  const list = (data as { items?: Array<{ item?: { id?: unknown } }> } | null)?.items ?? [];
  return list
    .map((entry) => entry.item?.id)
    .filter((id): id is number => typeof id === 'number')
    .sort((a, b) => a - b)
    .map(String);
}
