import type { Lead } from '../domain/types.js';
import { personData } from '../pipeline/stages/person.js';
import type { AccountBase, ContactThreshold, MappingEntry } from './config.js';
import { leadSummary, leadView, mapFields, type LeadView } from './mapping.js';
import type { CampaignMemberRecord, CompanyRecord, DealRecord, NoteRecord, PersonRecord, PersonRole, RecordLinks, TaskRecord, TicketRecord } from './types.js';

/**
 * What one sync of one lead to one CRM account writes, decided purely from the lead, the account's
 * config and what the ledger already holds: the company (when named), the person, a deal (when the
 * lead qualifies and has none yet), the submission's note, the follow-up tasks that are due, and a
 * support ticket when the conversation asks for one. Records without links get them once the
 * person (and company, deal) ids are known.
 *
 * The person's role: a CRM with Leads and Contacts (`contacts` capability) writes a qualified person
 * (the account's `contact` threshold) as a Contact. The ledger holds `person` (the current person
 * record, whatever its type) and `contact` (set once the person is a Contact); a person already
 * written as a Lead who qualifies carries that Lead's id in `convertFrom`. A Contact never goes
 * back to being a Lead.
 */

export type Unlinked<T> = Omit<T, 'links'>;

export interface SyncPlan {
  leadId: string;
  company: CompanyRecord | null;
  person: PersonRecord;
  deal: Unlinked<DealRecord> | null;
  note: Unlinked<NoteRecord> | null;
  tasks: Array<Unlinked<TaskRecord>>;
  ticket: Unlinked<TicketRecord> | null;
  campaign: Unlinked<CampaignMemberRecord> | null;
}

/** An account's campaign (Salesforce): a fixed name, or the lead's utm campaign when the CRM has it. */
export interface CampaignChoice {
  name?: string | undefined;
  fromUtm: boolean;
  memberStatus: string;
}

/** The follow-up stage keeps the CRM tasks of the plan on the lead (see follow-up.stage.ts). */
export interface PlannedCrmTask {
  key: string;
  title: string;
  type: 'call' | 'email' | 'todo';
  runAt: number;
  dueAt: number;
  ownerId: string | null;
  priority: 'high' | 'medium' | 'low';
}

export interface PlanContext {
  account: string;
  config: Pick<AccountBase, 'deal' | 'note'> & Partial<Pick<AccountBase, 'ticket'>> & { contact?: ContactThreshold; campaign?: CampaignChoice | undefined };
  /** The connector writes qualified persons as Contacts. */
  contacts?: boolean;
  mapping: readonly MappingEntry[];
  /** Our owner id → this account's CRM user id. */
  ownerCrmId: (ownerId: string | null) => string | null;
  /** Ledger entries for this lead and account: objectType → CRM id. */
  known: Record<string, string>;
  /** Labels the account attaches to every person it creates (Pipedrive label …). */
  labels: string[];
  pipeline: string | null;
  stage: string | null;
  now: number;
}

/** Why a lead is not written to any CRM (test or spam, merged away), or null. */
export function syncBlocked(lead: Lead): string | null {
  if ((personData(lead).quality as { blocksSync?: boolean } | undefined)?.blocksSync) return 'test or spam submission';
  if (lead.mergedInto) return `merged into ${lead.mergedInto}`;
  const fields = personData(lead).fields;
  if (!fields?.email && !fields?.phone) return 'no email or phone to find the person by';
  return null;
}

export function planSync(lead: Lead, submissionId: string, ctx: PlanContext): SyncPlan {
  const view = leadView(lead);
  const role = personRole(lead, ctx);
  const creating = role === 'contact' ? ctx.known.contact === undefined : ctx.known.person === undefined;
  const ownerId = ctx.ownerCrmId(lead.owner);
  const domain = companyDomain(lead);
  const company: CompanyRecord | null = view.company ? { leadId: lead.id, name: view.company, domain, ownerId, fields: {} } : null;
  const person: PersonRecord = {
    leadId: lead.id,
    keys: { email: view.email?.toLowerCase() ?? null, phone: view.phone },
    firstName: view.firstName,
    lastName: view.lastName,
    ownerId,
    fields: mapFields(view, ctx.mapping, creating),
    labels: ctx.labels,
    companyId: null,
    role,
    viaConversation: view.conversationId !== null,
    convertFrom: role === 'contact' && ctx.known.contact === undefined ? (ctx.known.person ?? null) : null,
  };
  return {
    leadId: lead.id,
    company,
    person,
    deal: ctx.known.deal === undefined && qualifiesForDeal(lead, ctx.config) ? dealFor(view, lead, ctx, ownerId) : null,
    note: ctx.config.note ? noteFor(lead, view, submissionId, ctx.known, ownerId) : null,
    tasks: dueTasks(lead, ctx),
    ticket: ticketFor(lead, view, ctx, ownerId),
    campaign: campaignFor(lead, view, role, ctx),
  };
}

/** One membership per person role and campaign choice (a Contact joins again as itself). */
function campaignFor(lead: Lead, view: LeadView, role: PersonRole, ctx: PlanContext): Unlinked<CampaignMemberRecord> | null {
  const choice = ctx.config.campaign;
  if (!choice) return null;
  const campaigns = [...new Set([choice.fromUtm ? view.utmCampaign?.trim() : null, choice.name].filter((n): n is string => typeof n === 'string' && n !== ''))];
  if (campaigns.length === 0) return null;
  const key = `campaign:${role}:${campaigns.join('|')}`;
  return ctx.known[key] !== undefined ? null : { leadId: lead.id, key, campaigns, status: choice.memberStatus };
}

/** The ledger id the person upsert starts from: the Contact's for a contact, else the person's. */
export function knownPersonId(person: PersonRecord, known: Record<string, string>): string | null {
  return (person.role === 'contact' ? known.contact : known.person) ?? null;
}

function personRole(lead: Lead, ctx: PlanContext): PersonRole {
  if (!ctx.contacts) return 'lead';
  if (ctx.known.contact !== undefined) return 'contact';
  return ctx.config.contact && qualifiesForContact(lead, ctx.config.contact) ? 'contact' : 'lead';
}

export function qualifiesForContact(lead: Lead, threshold: ContactThreshold): boolean {
  if (!threshold.enabled) return false;
  if (lead.segment !== null && threshold.segments.includes(lead.segment)) return true;
  return threshold.minScore !== null && lead.score !== null && lead.score >= threshold.minScore;
}

const intentsOf = (lead: Lead): string[] => (personData(lead).analysis as { intents?: string[] } | undefined)?.intents ?? [];

/**
 * One ticket per lead and account, when the conversation's analysis found a support intent: the
 * subject is the person's first stated problem (else question), the description the conversation
 * note (else the lead summary).
 */
function ticketFor(lead: Lead, view: LeadView, ctx: PlanContext, ownerId: string | null): Unlinked<TicketRecord> | null {
  const config = ctx.config.ticket;
  const key = `ticket:${lead.id}`;
  if (!config?.enabled || ctx.known[key] !== undefined) return null;
  if (!intentsOf(lead).some((intent) => config.intents.includes(intent))) return null;
  const data = personData(lead);
  const analysis = data.analysis as { problems?: string[]; questions?: string[] } | undefined;
  const conversation = data.conversation as { id?: string; note?: string | null } | undefined;
  const topic = analysis?.problems?.[0] ?? analysis?.questions?.[0] ?? view.initialQuestion;
  const who = view.company ?? view.fullName ?? view.leadId;
  return {
    leadId: lead.id,
    key,
    subject: `Support request: ${topic ?? who}`.replace(/\s+/g, ' ').slice(0, 255),
    description: conversation?.note ?? leadSummary(view),
    priority: 'high',
    origin: conversation?.id ? 'chat' : 'web',
    ownerId,
    contact: { name: view.fullName, email: view.email?.toLowerCase() ?? null, phone: view.phone, company: view.company },
  };
}

/**
 * The note still missing: an ended conversation's CRM note (written by the conversation analysis),
 * else the submission's summary. Each has its own key, so each is written once.
 */
function noteFor(lead: Lead, view: LeadView, submissionId: string, known: Record<string, string>, ownerId: string | null): Unlinked<NoteRecord> | null {
  const conversation = personData(lead).conversation as { id?: string; note?: string; endedAt?: number | null } | undefined;
  if (conversation?.id && conversation.note && conversation.endedAt && known[`note:conversation:${conversation.id}`] === undefined) {
    return { leadId: lead.id, key: `note:conversation:${conversation.id}`, body: conversation.note, at: conversation.endedAt, ownerId };
  }
  if (known[`note:${submissionId}`] !== undefined) return null;
  return { leadId: lead.id, key: `note:${submissionId}`, body: leadSummary(view), at: lead.updatedAt, ownerId };
}

export function qualifiesForDeal(lead: Lead, config: Pick<AccountBase, 'deal'>): boolean {
  const deal = config.deal;
  if (!deal.enabled) return false;
  if (personData(lead).qualified) return true; // progressive profiling converted it (pipeline/stages/profiling.ts)
  if (lead.segment !== null && deal.segments.includes(lead.segment)) return true;
  if (deal.minScore !== undefined && lead.score !== null && lead.score >= deal.minScore) return true;
  return intentsOf(lead).some((intent) => deal.intents.includes(intent));
}

function dealFor(view: LeadView, lead: Lead, ctx: PlanContext, ownerId: string | null): Unlinked<DealRecord> {
  const who = view.company ?? view.fullName ?? view.email ?? lead.id;
  const value = Number(String(view.budget ?? '').replace(/[^\d.]/g, ''));
  return {
    leadId: lead.id,
    key: `deal:${lead.id}`,
    title: `${who} – ${view.product ?? 'inbound lead'}`,
    value: Number.isFinite(value) && value > 0 ? value : null,
    currency: null,
    pipeline: ctx.pipeline,
    stage: ctx.stage,
    ownerId,
    closeDate: new Date(ctx.now + 30 * 86_400_000).toISOString().slice(0, 10),
    fields: {},
  };
}

function dueTasks(lead: Lead, ctx: PlanContext): Array<Unlinked<TaskRecord>> {
  const planned = ((personData(lead).followUp as { tasks?: PlannedCrmTask[] } | undefined)?.tasks ?? []).filter((t) => t.runAt <= ctx.now && ctx.known[`task:${t.key}`] === undefined);
  return planned.map((t) => ({
    leadId: lead.id,
    key: `task:${t.key}`,
    subject: t.title,
    body: `Follow up on Leadwire lead ${lead.id}${lead.routingReason ? ` (${lead.routingReason})` : ''}`,
    dueAt: t.dueAt,
    priority: t.priority,
    type: t.type,
    ownerId: ctx.ownerCrmId(t.ownerId ?? lead.owner),
  }));
}

/** The company's web domain: the email's, when validation called it a company domain. */
function companyDomain(lead: Lead): string | null {
  const email = (personData(lead).quality as { email?: { domain: string | null; domainKind: string | null } | null } | undefined)?.email;
  return email?.domainKind === 'company' && email.domain ? email.domain.toLowerCase() : null;
}

export function withLinks<T>(record: T, links: RecordLinks): T & { links: RecordLinks } {
  return { ...record, links };
}
