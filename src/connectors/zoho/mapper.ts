import type { CompanyRecord, DealRecord, NoteRecord, PersonRecord, RecordLinks, TaskRecord, TicketRecord } from '../types.js';

/**
 * Pure mapping between our records and Zoho CRM v8 bodies: Leads (Last_Name and Company are
 * mandatory in the standard layout: '[not provided]' when we have none), Contacts (linked to their
 * Account by `Account_Name`), Accounts, Deals, Notes (`Parent_Id`), Tasks (`What_Id` +
 * `$se_module` for a Lead, `Who_Id` for a Contact) and Cases. Ids are strings. Notes and tasks carry our
 * key as a marker so a retried create can find them among the lead's related records.
 */

export type Body = Record<string, unknown>;
export const NOT_PROVIDED = '[not provided]';
/** Custom fields the connector itself writes (created by setup). */
export const KEY_FIELD = 'Leadwire_Key';
export const LEAD_REF_FIELD = 'Leadwire_Lead_Id';
export const ACCOUNT_REF_FIELD = 'Leadwire_Account_Id';
/** On Leads: the Contact the lead's person became. */
export const CONTACT_REF_FIELD = 'Leadwire_Contact_Id';

/** The module a person of this role lives in. */
export const personModule = (role: PersonRecord['role'] | RecordLinks['personRole']): 'Leads' | 'Contacts' => (role === 'contact' ? 'Contacts' : 'Leads');

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

export function contactBody(person: PersonRecord, creating: boolean): Body {
  const { Company: _company, ...fields } = person.fields;
  const body: Body = { ...fields };
  if (person.lastName || creating) body.Last_Name = person.lastName || NOT_PROVIDED;
  if (person.firstName) body.First_Name = person.firstName;
  if (person.keys.email) body.Email = person.keys.email;
  if (person.keys.phone) body.Phone = person.keys.phone;
  if (person.companyId) body.Account_Name = { id: person.companyId };
  if (creating) body.Lead_Source = 'Chat';
  return { ...body, ...owner(person.ownerId) };
}

/** The body of a person of either role. */
export const personBody = (person: PersonRecord, companyName: string | null, creating: boolean): Body => (person.role === 'contact' ? contactBody(person, creating) : leadBody(person, companyName, creating));

/** What a Lead gets when its person became a Contact. */
export const convertedLeadBody = (contactId: string, status: string): Body => ({ Lead_Status: status, [CONTACT_REF_FIELD]: contactId });

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
    Parent_Id: { module: { api_name: personModule(note.links.personRole) }, id: note.links.personId },
    Note_Title: title,
    Note_Content: `${note.body}\n\n${keyMarker(note.key)}`,
    ...owner(note.ownerId),
  };
}

const PRIORITY: Record<TaskRecord['priority'], string> = { high: 'High', medium: 'Normal', low: 'Low' };

/** A task's person: a Lead through What_Id + $se_module, a Contact through Who_Id. */
const taskPerson = (links: RecordLinks): Body => (links.personRole === 'contact' ? { Who_Id: { id: links.personId } } : { What_Id: { id: links.personId }, $se_module: 'Leads' });

export function taskBody(task: TaskRecord): Body {
  return {
    Subject: task.subject,
    Due_Date: new Date(task.dueAt).toISOString().slice(0, 10),
    Status: 'Not Started',
    Priority: PRIORITY[task.priority],
    ...taskPerson(task.links),
    Description: `${task.body}\n\n${keyMarker(task.key)}`,
    ...owner(task.ownerId),
  };
}

const CASE_ORIGIN: Record<string, string> = { chat: 'Chat', web: 'Web', email: 'Email', phone: 'Phone' };

/** A Case: `Related_To` is the Contact; a Lead is named by our `Leadwire_Lead_Id` field. */
export function caseBody(ticket: TicketRecord): Body {
  const person: Body = ticket.links.personRole === 'contact' ? { Related_To: { id: ticket.links.personId } } : { [LEAD_REF_FIELD]: ticket.links.personId };
  const body: Body = {
    Subject: ticket.subject.slice(0, 255),
    Status: 'New',
    Case_Origin: CASE_ORIGIN[ticket.origin] ?? 'Web',
    Priority: PRIORITY[ticket.priority],
    Description: ticket.description,
    [KEY_FIELD]: ticket.key,
    ...person,
    ...owner(ticket.ownerId),
  };
  if (ticket.links.companyId) body.Account_Name = { id: ticket.links.companyId };
  if (ticket.contact.email) body.Email = ticket.contact.email;
  if (ticket.contact.phone) body.Phone = ticket.contact.phone;
  return body;
}

/** Zoho field data types for our custom field types. */
export const DATA_TYPE: Record<string, string> = { text: 'text', textarea: 'textarea', number: 'double', date: 'date', datetime: 'datetime', enum: 'picklist', bool: 'boolean' };

/** The API name Zoho derives from a label. */
export function apiNameOf(label: string): string {
  return label.trim().replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

