import type { Lead } from '../domain/types.js';
import { personData } from '../pipeline/stages/person.js';
import type { AccountBase, MappingEntry } from './config.js';
import { leadSummary, leadView, mapFields, type LeadView } from './mapping.js';
import type { CompanyRecord, DealRecord, NoteRecord, PersonRecord, RecordLinks, TaskRecord } from './types.js';

/**
 * What one sync of one lead to one CRM account writes, decided purely from the lead, the account's
 * config and what the ledger already holds: the company (when named), the person, a deal (when the
 * lead qualifies and has none yet), the submission's note, and the follow-up tasks that are due.
 * Records without links get them once the person (and company, deal) ids are known.
 */

export type Unlinked<T> = Omit<T, 'links'>;

export interface SyncPlan {
  leadId: string;
  company: CompanyRecord | null;
  person: PersonRecord;
  deal: Unlinked<DealRecord> | null;
  note: Unlinked<NoteRecord> | null;
  tasks: Array<Unlinked<TaskRecord>>;
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
  config: Pick<AccountBase, 'deal' | 'note'>;
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
  const creating = ctx.known.person === undefined;
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
  };
  return {
    leadId: lead.id,
    company,
    person,
    deal: ctx.known.deal === undefined && qualifiesForDeal(lead, ctx.config) ? dealFor(view, lead, ctx, ownerId) : null,
    note: ctx.config.note ? noteFor(lead, view, submissionId, ctx.known, ownerId) : null,
    tasks: dueTasks(lead, ctx),
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
  const intents = (personData(lead).analysis as { intents?: string[] } | undefined)?.intents ?? [];
  return intents.some((intent) => deal.intents.includes(intent));
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
