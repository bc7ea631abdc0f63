import { randomUUID } from 'node:crypto';
import type { SandboxKit, StoredRecord } from '../sandbox/kit.js';

/**
 * The HubSpot sandbox's data model over the kit's record store: object types (by name or type
 * id), the built-in property definitions plus the custom ones created through the properties API,
 * HubSpot's property validation and error bodies, and records rendered as `SimplePublicObject`.
 * Record data is the flat property map; associations are `associations` records read in both
 * directions.
 */

export const OBJECT_TYPES = { contacts: '0-1', companies: '0-2', deals: '0-3', notes: '0-46', tasks: '0-27' } as const;
export type ObjectType = keyof typeof OBJECT_TYPES;

export function objectType(value: string): ObjectType | null {
  const lower = value.toLowerCase();
  if (lower in OBJECT_TYPES) return lower as ObjectType;
  const byId = Object.entries(OBJECT_TYPES).find(([, id]) => id === value);
  if (byId) return byId[0] as ObjectType;
  const singular = `${lower}s`;
  return singular in OBJECT_TYPES ? (singular as ObjectType) : null;
}

export interface PropertyDef {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: Array<{ label: string; value: string; displayOrder?: number; hidden: boolean }>;
  hubspotDefined?: boolean;
  hasUniqueValue?: boolean;
  createdAt?: string;
}

const opts = (...values: string[]) => values.map((value, i) => ({ label: value, value, displayOrder: i, hidden: false }));
const CONTACTS_GROUP = 'contactinformation';

function builtIn(name: string, type = 'string', fieldType = 'text', options: PropertyDef['options'] = []): PropertyDef {
  return { name, label: name, type, fieldType, groupName: CONTACTS_GROUP, description: '', options, hubspotDefined: true };
}

const COMMON = [builtIn('hs_object_id', 'number', 'number'), builtIn('hubspot_owner_id', 'enumeration', 'select'), builtIn('createdate', 'datetime', 'date')];
export const DEAL_STAGES: Record<string, string[]> = {
  default: ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'],
};

export const BUILT_IN_PROPERTIES: Record<ObjectType, PropertyDef[]> = {
  contacts: [
    ...COMMON,
    ...['email', 'firstname', 'lastname', 'phone', 'mobilephone', 'company', 'website', 'jobtitle', 'country', 'city', 'message', 'hs_additional_emails'].map((n) => builtIn(n)),
    builtIn('lifecyclestage', 'enumeration', 'radio', opts('subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other')),
    builtIn('hs_lead_status', 'enumeration', 'radio', opts('NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING')),
    builtIn('lastmodifieddate', 'datetime', 'date'),
  ],
  companies: [...COMMON, ...['name', 'domain', 'website', 'phone', 'city', 'country', 'industry', 'description'].map((n) => builtIn(n)), builtIn('numberofemployees', 'number', 'number'), builtIn('hs_lastmodifieddate', 'datetime', 'date')],
  deals: [
    ...COMMON,
    builtIn('dealname'),
    builtIn('description', 'string', 'textarea'),
    builtIn('pipeline', 'enumeration', 'select'),
    builtIn('dealstage', 'enumeration', 'radio'),
    builtIn('amount', 'number', 'number'),
    builtIn('closedate', 'datetime', 'date'),
    builtIn('deal_currency_code', 'enumeration', 'select'),
    builtIn('dealtype', 'enumeration', 'radio', opts('newbusiness', 'existingbusiness')),
    builtIn('hs_lastmodifieddate', 'datetime', 'date'),
  ],
  notes: [...COMMON, builtIn('hs_timestamp', 'datetime', 'date'), builtIn('hs_note_body', 'string', 'html'), builtIn('hs_attachment_ids', 'enumeration', 'checkbox'), builtIn('hs_lastmodifieddate', 'datetime', 'date')],
  tasks: [
    ...COMMON,
    builtIn('hs_timestamp', 'datetime', 'date'),
    builtIn('hs_task_subject'),
    builtIn('hs_task_body', 'string', 'html'),
    builtIn('hs_task_status', 'enumeration', 'select', opts('NOT_STARTED', 'IN_PROGRESS', 'WAITING', 'DEFERRED', 'COMPLETED')),
    builtIn('hs_task_priority', 'enumeration', 'select', opts('NONE', 'LOW', 'MEDIUM', 'HIGH')),
    builtIn('hs_task_type', 'enumeration', 'select', opts('TODO', 'CALL', 'EMAIL')),
    builtIn('hs_lastmodifieddate', 'datetime', 'date'),
  ],
};

/** Properties a read returns when it names none. */
export const DEFAULT_READ: Record<ObjectType, string[]> = {
  contacts: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
  companies: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
  deals: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
  notes: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
  tasks: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'],
};

export function propertyDefs(kit: SandboxKit, type: ObjectType): PropertyDef[] {
  const custom = kit.all('properties').filter((r) => r.data.objectType === type).map((r) => r.data.definition as PropertyDef);
  return [...BUILT_IN_PROPERTIES[type], ...custom];
}

// ── errors ──────────────────────────────────────────────────────────────────────────────────────
export function errorBody(category: string, message: string, extra: Record<string, unknown> = {}) {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export class SandboxHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message));
  }
}

export const notFound = () => new SandboxHttpError(404, errorBody('OBJECT_NOT_FOUND', 'resource not found'));

export interface PropertyProblem {
  isValid: false;
  message: string;
  error: string;
  name: string;
}

/** HubSpot's 400 for invalid property values. */
export function invalidProperties(problems: PropertyProblem[]): SandboxHttpError {
  return new SandboxHttpError(400, errorBody('VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(problems)}`));
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const isTime = (v: string) => /^\d+$/.test(v) || !Number.isNaN(Date.parse(v));

/** Problems with a write's properties (`creating` also checks what a create requires). */
export function validateProperties(kit: SandboxKit, type: ObjectType, props: Record<string, unknown>, creating: boolean, current: Record<string, string> = {}): PropertyProblem[] {
  const defs = new Map(propertyDefs(kit, type).map((d) => [d.name, d]));
  const problems: PropertyProblem[] = [];
  const problem = (name: string, error: string, message: string) => problems.push({ isValid: false, message, error, name });
  for (const [name, raw] of Object.entries(props)) {
    const def = defs.get(name);
    if (!def) {
      problem(name, 'PROPERTY_DOESNT_EXIST', `Property "${name}" does not exist`);
      continue;
    }
    if (typeof raw === 'object' && raw !== null) {
      problem(name, 'INVALID_VALUE', `${JSON.stringify(raw)} is not a valid value for ${name}`);
      continue;
    }
    const value = raw === null ? '' : String(raw);
    if (value === '') continue;
    if (name === 'email' && !EMAIL.test(value)) problem(name, 'INVALID_EMAIL', `Email address ${value} is invalid`);
    else if (def.type === 'number' && !Number.isFinite(Number(value))) problem(name, 'INVALID_DOUBLE', `${value} was not a valid number.`);
    else if ((def.type === 'datetime' || def.type === 'date') && !isTime(value)) problem(name, 'INVALID_DATE', `${value} was not a valid date or timestamp.`);
    else if (def.options.length > 0 && def.type === 'enumeration' && !def.options.some((o) => o.value === value)) {
      problem(name, 'INVALID_OPTION', `${value} was not one of the allowed options: [${def.options.map((o) => o.value).join(', ')}]`);
    }
  }
  if (type === 'deals') {
    const pipeline = String(props.pipeline ?? current.pipeline ?? 'default');
    const stages = DEAL_STAGES[pipeline];
    if (!stages) problem('pipeline', 'INVALID_OPTION', `${pipeline} was not one of the allowed options: [${Object.keys(DEAL_STAGES).join(', ')}]`);
    const stage = props.dealstage ?? current.dealstage;
    if (stages && stage !== undefined && !stages.includes(String(stage))) problem('dealstage', 'INVALID_OPTION', `${String(stage)} was not one of the allowed options: [${stages.join(', ')}]`);
  }
  if (creating && (type === 'notes' || type === 'tasks') && !props.hs_timestamp) problem('hs_timestamp', 'REQUIRED_FIELD', 'hs_timestamp is required');
  return problems;
}

/** Property values as HubSpot stores them: strings; emails lower-cased; timestamps as ISO. */
export function storedValues(type: ObjectType, kit: SandboxKit, props: Record<string, unknown>): Record<string, string> {
  const defs = new Map(propertyDefs(kit, type).map((d) => [d.name, d]));
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(props)) {
    let value = raw === null || raw === undefined ? '' : String(raw);
    if (name === 'email') value = value.toLowerCase();
    const def = defs.get(name);
    if (value !== '' && (def?.type === 'datetime' || def?.type === 'date') && /^\d+$/.test(value)) value = new Date(Number(value)).toISOString();
    out[name] = value;
  }
  return out;
}

export function findContactByEmail(kit: SandboxKit, email: string): StoredRecord | undefined {
  const wanted = email.toLowerCase();
  return kit.all('contacts').find((r) => r.data.email === wanted);
}

/** A record as `SimplePublicObject`, with the named (or default) properties. */
export function render(type: ObjectType, record: StoredRecord, names?: string[]) {
  const wanted = names && names.length > 0 ? names : DEFAULT_READ[type];
  const properties: Record<string, string> = {};
  for (const name of wanted) {
    const value = record.data[name];
    if (typeof value === 'string') properties[name] = value;
  }
  return { id: record.id, properties, createdAt: new Date(record.createdAt).toISOString(), updatedAt: new Date(record.updatedAt).toISOString(), archived: false };
}

/** System properties HubSpot sets on every write. */
export function systemValues(type: ObjectType, id: string, now: number, creating: boolean): Record<string, string> {
  const at = new Date(now).toISOString();
  const modified = type === 'contacts' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
  const created = type === 'notes' || type === 'tasks' ? 'hs_createdate' : 'createdate';
  return { hs_object_id: id, [modified]: at, ...(creating ? { [created]: at } : {}) };
}

export function listParam(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => String(v).split(','));
  return typeof value === 'string' && value !== '' ? value.split(',') : [];
}
