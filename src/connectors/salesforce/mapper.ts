import { createHash } from 'node:crypto';
import type { MappingEntry } from '../config.js';
import type { CompanyRecord, DealRecord, NoteRecord, PersonRecord, TaskRecord, TicketRecord } from '../types.js';
import { CASE_LEAD_FIELD, CONTACT_KEY_FIELD, DEAL_KEY_FIELD, DEAL_LEAD_FIELD, LEAD_ACCOUNT_FIELD, LEAD_CONTACT_FIELD, LEAD_KEY_FIELD, SALESFORCE_API } from './config.js';

/**
 * Pure mapping between our records and Salesforce sObject bodies (Lead, Contact, Account,
 * Opportunity, legacy Note, Task, Case, Tooling CustomField), and SOQL text. No I/O. Notes use the legacy `Note`
 * sObject ({ParentId, Title, Body}): one call, no ContentVersion + ContentDocumentLink pair as
 * ContentNote needs, and Lead is a valid ParentId.
 */

export type Body = Record<string, unknown>;

/** A SOQL string literal: backslash and single quote escaped. */
export function soqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export const leadKey = (email: string): string => email.trim().toLowerCase();

/** `recordTypeId`: the record type a new Lead gets (a chatbot lead's "Lead from Chatbot"). */
export function leadBody(person: PersonRecord, defaults: { company: string; leadSource: string; recordTypeId?: string | null }, creating: boolean): Body {
  const body: Body = { ...person.fields };
  if (person.firstName) body.FirstName = person.firstName;
  // LastName and Company are required on Lead; Salesforce users write '[not provided]'.
  if (person.lastName) body.LastName = person.lastName;
  else if (creating) body.LastName = '[not provided]';
  if (typeof body.Company !== 'string' && creating) body.Company = defaults.company;
  if (person.keys.email) {
    body.Email = person.keys.email;
    body[LEAD_KEY_FIELD] = leadKey(person.keys.email);
  }
  if (person.keys.phone) body.Phone = person.keys.phone;
  if (person.ownerId) body.OwnerId = person.ownerId;
  if (person.companyId) body[LEAD_ACCOUNT_FIELD] = person.companyId;
  if (creating) body.LeadSource = defaults.leadSource;
  if (creating && defaults.recordTypeId) body.RecordTypeId = defaults.recordTypeId;
  return body;
}

/** A Contact: no Company (its Account is `AccountId`), its own external id `Contact_Key__c`. */
export function contactBody(person: PersonRecord, defaults: { leadSource: string }, creating: boolean): Body {
  const { Company: _company, ...fields } = person.fields;
  const body: Body = { ...fields };
  if (person.firstName) body.FirstName = person.firstName;
  if (person.lastName) body.LastName = person.lastName;
  else if (creating) body.LastName = '[not provided]';
  if (person.keys.email) {
    body.Email = person.keys.email;
    body[CONTACT_KEY_FIELD] = leadKey(person.keys.email);
  }
  if (person.keys.phone) body.Phone = person.keys.phone;
  if (person.ownerId) body.OwnerId = person.ownerId;
  if (person.companyId) body.AccountId = person.companyId;
  if (creating) body.LeadSource = defaults.leadSource;
  return body;
}

/** What a Lead gets when its person became a Contact: closed, and pointing at the Contact. */
export const convertedLeadBody = (contactId: string, status: string): Body => ({ Status: status, [LEAD_CONTACT_FIELD]: contactId });

export function accountBody(company: CompanyRecord, creating: boolean): Body {
  const body: Body = { ...company.fields };
  if (creating) body.Name = company.name;
  if (creating && company.domain && body.Website === undefined) body.Website = `https://${company.domain}`;
  if (company.ownerId) body.OwnerId = company.ownerId;
  return body;
}

export function opportunityBody(deal: DealRecord): Body {
  // A Contact is the opportunity's primary contact (ContactId); a Lead is linked by our lookup.
  const person = deal.links.personRole === 'contact' ? { ContactId: deal.links.personId } : { [DEAL_LEAD_FIELD]: deal.links.personId };
  const body: Body = { ...deal.fields, Name: deal.title, StageName: deal.stage ?? 'Prospecting', CloseDate: deal.closeDate ?? new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), ...person };
  if (deal.value !== null) body.Amount = deal.value;
  if (deal.links.companyId) body.AccountId = deal.links.companyId;
  if (deal.ownerId) body.OwnerId = deal.ownerId;
  return body;
}

/** The marker a note or task carries to be found again: a short hash of our key. */
export function keyMarker(key: string): string {
  return `[leadwire:${createHash('sha1').update(key).digest('hex').slice(0, 16)}]`;
}

export function noteBody(note: NoteRecord): Body {
  const firstLine = note.body.split('\n')[0]!.trim() || 'Chatbot lead';
  const body: Body = { ParentId: note.links.personId, Title: firstLine.slice(0, 80), Body: `${note.body}\n\n${keyMarker(note.key)}`.slice(-32_000) };
  if (note.ownerId) body.OwnerId = note.ownerId;
  return body;
}

const PRIORITY: Record<TaskRecord['priority'], string> = { high: 'High', medium: 'Normal', low: 'Low' };
const TASK_SUBTYPE: Record<TaskRecord['type'], string> = { call: 'Call', todo: 'Task', email: 'Email' };

export function taskBody(task: TaskRecord): Body {
  const body: Body = {
    Subject: task.subject.slice(0, 255),
    Status: 'Not Started',
    Priority: PRIORITY[task.priority],
    TaskSubtype: TASK_SUBTYPE[task.type],
    ActivityDate: new Date(task.dueAt).toISOString().slice(0, 10),
    WhoId: task.links.personId,
    Description: `${task.body}\n\n${keyMarker(task.key)}`,
  };
  if (task.ownerId) body.OwnerId = task.ownerId;
  return body;
}

const CASE_ORIGIN: Record<string, string> = { chat: 'Chat', web: 'Web', email: 'Email', phone: 'Phone' };
const CASE_PRIORITY: Record<TicketRecord['priority'], string> = { high: 'High', medium: 'Medium', low: 'Low' };

/** Where a Case links its person: ContactId for a Contact, our Lookup(Lead) for a Lead. */
export const caseParentField = (ticket: Pick<TicketRecord, 'links'>): string => (ticket.links.personRole === 'contact' ? 'ContactId' : CASE_LEAD_FIELD);

/** A Case from a support conversation, with the Supplied* fields of who asked. */
export function caseBody(ticket: TicketRecord): Body {
  const body: Body = {
    Subject: ticket.subject.slice(0, 255),
    Description: `${ticket.description}\n\n${keyMarker(ticket.key)}`.slice(-32_000),
    Status: 'New',
    Origin: CASE_ORIGIN[ticket.origin] ?? 'Web',
    Priority: CASE_PRIORITY[ticket.priority],
    [caseParentField(ticket)]: ticket.links.personId,
  };
  if (ticket.links.personRole === 'contact' && ticket.links.companyId) body.AccountId = ticket.links.companyId;
  if (ticket.contact.name) body.SuppliedName = ticket.contact.name.slice(0, 80);
  if (ticket.contact.email) body.SuppliedEmail = ticket.contact.email;
  if (ticket.contact.phone) body.SuppliedPhone = ticket.contact.phone;
  if (ticket.contact.company) body.SuppliedCompany = ticket.contact.company.slice(0, 80);
  if (ticket.ownerId) body.OwnerId = ticket.ownerId;
  return body;
}

const FIELD_TYPE: Record<NonNullable<MappingEntry['custom']>['type'], Body> = {
  text: { type: 'Text', length: 255 },
  textarea: { type: 'LongTextArea', length: 32_768, visibleLines: 5 },
  number: { type: 'Number', precision: 18, scale: 2 },
  date: { type: 'Date' },
  datetime: { type: 'DateTime' },
  enum: { type: 'Picklist' },
  bool: { type: 'Checkbox', defaultValue: 'false' },
};

/** Tooling API `CustomField` body: FullName `Object.Name__c` and Metadata. */
export function customFieldBody(object: string, apiName: string, custom: NonNullable<MappingEntry['custom']>): Body {
  const metadata: Body = { label: custom.label, ...FIELD_TYPE[custom.type] };
  if (custom.type === 'enum') metadata.valueSet = { valueSetDefinition: { value: (custom.options ?? []).map((v) => ({ fullName: v, label: v })) } };
  return { FullName: `${object}.${apiName}`, Metadata: metadata };
}

/** The fields setup creates besides the mapping's: keys and links Salesforce does not have. */
export const STRUCTURAL_FIELDS: Array<{ object: string; apiName: string; metadata: Body }> = [
  { object: 'Lead', apiName: LEAD_KEY_FIELD, metadata: { label: 'Lead Key', type: 'Text', length: 255, externalId: true, unique: true, caseSensitive: false } },
  { object: 'Contact', apiName: CONTACT_KEY_FIELD, metadata: { label: 'Contact Key', type: 'Text', length: 255, externalId: true, unique: true, caseSensitive: false } },
  { object: 'Lead', apiName: LEAD_CONTACT_FIELD, metadata: { label: 'Leadwire Contact', type: 'Lookup', referenceTo: 'Contact', relationshipName: 'Leadwire_Leads', deleteConstraint: 'SetNull' } },
  { object: 'Lead', apiName: LEAD_ACCOUNT_FIELD, metadata: { label: 'Leadwire Account', type: 'Lookup', referenceTo: 'Account', relationshipName: 'Leadwire_Leads', deleteConstraint: 'SetNull' } },
  { object: 'Opportunity', apiName: DEAL_KEY_FIELD, metadata: { label: 'Leadwire Key', type: 'Text', length: 255, externalId: true, unique: true, caseSensitive: true } },
  { object: 'Case', apiName: CASE_LEAD_FIELD, metadata: { label: 'Leadwire Lead', type: 'Lookup', referenceTo: 'Lead', relationshipName: 'Leadwire_Cases', deleteConstraint: 'SetNull' } },
  { object: 'Opportunity', apiName: DEAL_LEAD_FIELD, metadata: { label: 'Leadwire Lead', type: 'Lookup', referenceTo: 'Lead', relationshipName: 'Leadwire_Opportunities', deleteConstraint: 'SetNull' } },
];

export const sobjectPath = (object: string, id?: string): string => `${SALESFORCE_API}/sobjects/${object}${id ? `/${encodeURIComponent(id)}` : ''}`;
