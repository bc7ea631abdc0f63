import type { CompanyRecord, DealRecord, NoteRecord, PersonRecord, TaskRecord } from '../types.js';

/**
 * Pure mapping between our records and Zoho CRM v8 bodies: Leads (Last_Name and Company are
 * mandatory in the standard layout: '[not provided]' when we have none), Accounts, Deals, Notes
 * (`Parent_Id`) and Tasks (`What_Id` + `$se_module`). Ids are strings. Notes and tasks carry our
 * key as a marker so a retried create can find them among the lead's related records.
 */

export type Body = Record<string, unknown>;
export const NOT_PROVIDED = '[not provided]';
/** Custom fields the connector itself writes (created by setup). */
export const KEY_FIELD = 'Leadwire_Key';
export const LEAD_REF_FIELD = 'Leadwire_Lead_Id';
export const ACCOUNT_REF_FIELD = 'Leadwire_Account_Id';

const owner = (id: string | null): Body => (id ? { Owner: { id } } : {});

export function keyMarker(key: string): string {
  return `[lw:${key}]`;
}

export function hasMarker(text: unknown, key: string): boolean {
  return typeof text === 'string' && text.includes(keyMarker(key));
}

export function leadBody(person: PersonRecord, companyName: string | null, creating: boolean): Body {
  const body: Body = { ...person.fields };
  if (person.lastName || creating) body.Last_Name = person.lastName || NOT_PROVIDED;
  if (person.firstName) body.First_Name = person.firstName;
  if (person.keys.email) body.Email = person.keys.email;
  if (person.keys.phone) body.Phone = person.keys.phone;
  if (companyName || creating) body.Company = companyName ?? NOT_PROVIDED;
  if (person.companyId) body[ACCOUNT_REF_FIELD] = person.companyId;
  if (creating) body.Lead_Source = 'Chat';
  return { ...body, ...owner(person.ownerId) };
}

export function accountBody(company: CompanyRecord): Body {
  return { ...company.fields, Account_Name: company.name, ...(company.domain ? { Website: company.domain } : {}), ...owner(company.ownerId) };
}

export function dealBody(deal: DealRecord, defaultStage: string): Body {
  const body: Body = {
    ...deal.fields,
    Deal_Name: deal.title,
    Stage: deal.stage ?? defaultStage,
    Closing_Date: deal.closeDate ?? undefined,
    [KEY_FIELD]: deal.key,
    [LEAD_REF_FIELD]: deal.links.personId,
    ...owner(deal.ownerId),
  };
  if (deal.value !== null) body.Amount = deal.value;
  if (deal.pipeline) body.Pipeline = deal.pipeline;
  if (deal.links.companyId) body.Account_Name = { id: deal.links.companyId };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

export function noteBody(note: NoteRecord): Body {
  const title = note.body.split('\n')[0]!.slice(0, 120) || 'Leadwire note';
  return {
    Parent_Id: { module: { api_name: 'Leads' }, id: note.links.personId },
    Note_Title: title,
    Note_Content: `${note.body}\n\n${keyMarker(note.key)}`,
    ...owner(note.ownerId),
  };
}

const PRIORITY: Record<TaskRecord['priority'], string> = { high: 'High', medium: 'Normal', low: 'Low' };

export function taskBody(task: TaskRecord): Body {
  return {
    Subject: task.subject,
    Due_Date: new Date(task.dueAt).toISOString().slice(0, 10),
    Status: 'Not Started',
    Priority: PRIORITY[task.priority],
    What_Id: { id: task.links.personId },
    $se_module: 'Leads',
    Description: `${task.body}\n\n${keyMarker(task.key)}`,
    ...owner(task.ownerId),
  };
}

/** Zoho field data types for our custom field types. */
export const DATA_TYPE: Record<string, string> = { text: 'text', textarea: 'textarea', number: 'double', date: 'date', datetime: 'datetime', enum: 'picklist', bool: 'boolean' };

/** The API name Zoho derives from a label. */
export function apiNameOf(label: string): string {
  return label.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

