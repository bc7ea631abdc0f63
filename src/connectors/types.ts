import type { Logger } from 'pino';
import type { AnyStageError } from '../pipeline/errors.js';
import type { HttpClient } from './http.js';

/**
 * The connector contract: what the sync runner asks of every CRM, and nothing more. A connector
 * speaks one CRM's API through the HTTP client it is given (base URL, auth and rate budget are the
 * client's business); it maps our records to the CRM's shapes (its pure `mapper.ts`) and maps the
 * CRM's answers back — ids, and failures as our typed errors (`pipeline/errors.ts`).
 *
 * Every write is idempotent on the key we pass: the `knownId` from the identity ledger when we have
 * one, else the CRM's native upsert or a find-before-create, and for notes, tasks and deals a
 * `key` the connector can find again (`reconcile`) when a create's answer was lost (timeout, reset,
 * crash between the CRM's commit and ours).
 *
 * Every method takes a list and answers one outcome per item, in order, so realtime (lists of one)
 * and batch mode share one path; a connector without batch endpoints loops.
 */

export const CRM_KINDS = ['hubspot', 'pipedrive', 'salesforce', 'zoho'] as const;
export type CrmKind = (typeof CRM_KINDS)[number];

export type FieldValue = string | number | boolean | null;

/** The keys we find a person by, normalized (lower-case email, E.164 phone). */
export interface PersonKeys {
  email: string | null;
  phone: string | null;
}

/**
 * Which of the CRM's person objects a person is written as. CRMs with one person object (HubSpot
 * contacts, Pipedrive persons) ignore it; Salesforce and Zoho write `lead` as a Lead and `contact`
 * (a qualified person, see the account's `contact` threshold) as a Contact.
 */
export type PersonRole = 'lead' | 'contact';

/** A person, already through the account's field mapping. */
export interface PersonRecord {
  /** Our lead id: the item's identity in batches and in the identity ledger. */
  leadId: string;
  keys: PersonKeys;
  firstName: string | null;
  lastName: string | null;
  /** The CRM owner (user) id from the routing owner's `crmIds`, when the owner has one here. */
  ownerId: string | null;
  /** CRM field name → value, after the mapping's transforms (custom properties included). */
  fields: Record<string, FieldValue>;
  /** Label / tag names to attach (Pipedrive label, HubSpot static list, Salesforce campaign …). */
  labels: string[];
  /** The person's company record id in this CRM, when upserted first. */
  companyId: string | null;
  /** Absent = `lead`. */
  role?: PersonRole;
  /** The person came through a chatbot conversation (Salesforce: the "Lead from Chatbot" record type). */
  viaConversation?: boolean;
  /**
   * For a `contact`: the id of the Lead this person was written as before it qualified (from the
   * ledger). The connector links the Lead to the new Contact and closes it, as far as its API lets.
   */
  convertFrom?: string | null;
}

export interface CompanyRecord {
  leadId: string;
  name: string;
  /** Web domain from a company email or website, when known. */
  domain: string | null;
  ownerId: string | null;
  fields: Record<string, FieldValue>;
}

/** Where a note, task or deal belongs: ids in this CRM. */
export interface RecordLinks {
  personId: string;
  /** What `personId` is (absent = `lead`): Salesforce and Zoho link a Lead and a Contact differently. */
  personRole?: PersonRole;
  companyId: string | null;
  dealId: string | null;
}

export interface DealRecord {
  leadId: string;
  /** Stable per lead and deal purpose; the connector can find the deal again by it. */
  key: string;
  title: string;
  value: number | null;
  currency: string | null;
  /** CRM pipeline and stage ids or names as the account config gives them. */
  pipeline: string | null;
  stage: string | null;
  ownerId: string | null;
  /** YYYY-MM-DD */
  closeDate: string | null;
  links: RecordLinks;
  fields: Record<string, FieldValue>;
}

export interface NoteRecord {
  leadId: string;
  key: string;
  /** Plain text with line breaks; a connector may render it as HTML. */
  body: string;
  /** Epoch ms: where the note sits on the CRM timeline. */
  at: number;
  ownerId: string | null;
  links: RecordLinks;
}

export interface TaskRecord {
  leadId: string;
  key: string;
  subject: string;
  body: string;
  /** Epoch ms. */
  dueAt: number;
  priority: 'high' | 'medium' | 'low';
  type: 'call' | 'todo' | 'email';
  ownerId: string | null;
  links: RecordLinks;
}

/**
 * A support request from a conversation (its analysis found the `support` intent): a Salesforce
 * or Zoho Case. A CRM without tickets gets it as a high-priority task instead (the sync runner).
 */
export interface TicketRecord {
  leadId: string;
  /** Stable per lead: one ticket per lead and account. */
  key: string;
  subject: string;
  description: string;
  priority: 'high' | 'medium' | 'low';
  /** Where the request came from (`chat`, `web` …): Case Origin. */
  origin: string;
  ownerId: string | null;
  /** Supplied* fields: who asked, for a CRM that keeps them on the ticket. */
  contact: { name: string | null; email: string | null; phone: string | null; company: string | null };
  links: RecordLinks;
}

/** A person's membership of a marketing campaign (Salesforce CampaignMember). */
export interface CampaignMemberRecord {
  leadId: string;
  /** Stable per person role and campaign choice: one membership each. */
  key: string;
  /** Campaign names in order of preference (the lead's utm campaign, then the account's); the first the CRM has is joined. */
  campaigns: string[];
  /** The member status (one of the campaign's member statuses, e.g. `Responded`). */
  status: string;
  links: RecordLinks;
}

/** One item's outcome. `created` is false when the record existed (updated or adopted). */
export type ItemOutcome = { ok: true; id: string; created: boolean; adopted?: boolean } | { ok: false; error: AnyStageError };

export interface Capabilities {
  /** Items per batch call for persons (1 = no batch endpoint, the connector loops). */
  batchSize: number;
  /** The CRM upserts persons natively (no search before create). */
  nativeUpsert: boolean;
  deals: boolean;
  notes: boolean;
  tasks: boolean;
  companies: boolean;
  labels: boolean;
  /** Writes qualified persons as Contacts (`PersonRecord.role`); absent = false. */
  contacts?: boolean;
  /** `createTickets` exists (Cases); absent = false, and tickets become high-priority tasks. */
  tickets?: boolean;
  /** `addCampaignMembers` exists; absent = false. */
  campaigns?: boolean;
}

export interface SetupReport {
  created: string[];
  existing: string[];
  /** What the account config names but setup cannot create through the API (a Salesforce record type). */
  missing?: string[];
}

export interface HealthReport {
  ok: boolean;
  /** What the CRM says about us (account, user, portal …), ids only. */
  detail: Record<string, unknown>;
}

export interface Connector {
  readonly kind: CrmKind;
  /** The account id from config (one CRM can have several accounts). */
  readonly account: string;
  readonly capabilities: Capabilities;
  /** The CRM id of the person with these keys, or null. */
  findPerson(keys: PersonKeys): Promise<string | null>;
  /** Create or update each person; `knownIds[i]` is the ledger's id for item i, when we have one. */
  upsertPersons(persons: PersonRecord[], knownIds: Array<string | null>): Promise<ItemOutcome[]>;
  upsertCompanies(companies: CompanyRecord[], knownIds: Array<string | null>): Promise<ItemOutcome[]>;
  /** `reconcile`: an earlier attempt may have created it; look for the key before creating. */
  createDeals(deals: DealRecord[], options: WriteOptions): Promise<ItemOutcome[]>;
  addNotes(notes: NoteRecord[], options: WriteOptions): Promise<ItemOutcome[]>;
  createTasks(tasks: TaskRecord[], options: WriteOptions): Promise<ItemOutcome[]>;
  /** Only with `capabilities.tickets`; created once per key, like notes and tasks. */
  createTickets?(tickets: TicketRecord[], options: WriteOptions): Promise<ItemOutcome[]>;
  /** Only with `capabilities.campaigns`; an existing membership is adopted. No campaign of those names: `ok` with id '' (nothing to join). */
  addCampaignMembers?(members: CampaignMemberRecord[], options: WriteOptions): Promise<ItemOutcome[]>;
  /** Create the custom fields and labels the mapping needs; idempotent. */
  ensureCustomFields(): Promise<SetupReport>;
  health(): Promise<HealthReport>;
}

export interface WriteOptions {
  /** True when an earlier attempt of this job may have written these items already. */
  reconcile: boolean;
}

/** What a connector factory receives. */
export interface ConnectorDeps<TConfig> {
  account: string;
  config: TConfig;
  http: HttpClient;
  logger: Logger;
  clock: () => number;
}

export type ConnectorFactory<TConfig> = (deps: ConnectorDeps<TConfig>) => Connector;
