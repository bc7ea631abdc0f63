import type { Lead } from '../domain/types.js';
import { personData } from '../pipeline/stages/person.js';
import type { Mappable, MappingEntry, Transform } from './config.js';
import type { FieldValue } from './types.js';

/**
 * Field mapping, pure: a lead is first read into a flat view of the fields a mapping may name
 * (`Mappable`), then each entry copies one of them to a CRM field through its transforms. Entries
 * whose value is null are left out, so an update never blanks what the CRM already has.
 */

type Text = string | null;

/** The lead as a mapping reads it; every `Mappable` name is a key (checked below). */
export interface LeadView {
  leadId: string;
  firstName: Text;
  lastName: Text;
  fullName: Text;
  email: Text;
  phone: Text;
  company: Text;
  jobTitle: Text;
  country: Text;
  product: Text;
  budget: Text;
  timeline: Text;
  language: Text;
  score: number | null;
  segment: Text;
  owner: Text;
  routingReason: Text;
  source: string;
  receivedAt: number;
  message: Text;
  conversationId: Text;
  initialQuestion: Text;
  channel: Text;
  utmSource: Text;
  utmMedium: Text;
  utmCampaign: Text;
  landingPage: Text;
  referrer: Text;
  custom: Record<string, unknown>;
}
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const viewCoversMappable: Exact<Exclude<keyof LeadView, 'custom'>, Mappable> = true;
void viewCoversMappable;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

export function leadView(lead: Lead): LeadView {
  const data = personData(lead);
  const f = (data.fields ?? {}) as Record<string, unknown>;
  const first = data.attribution?.firstTouch;
  const conversation = (data.conversation ?? {}) as { id?: unknown; initialQuestion?: unknown };
  const firstName = text(f.firstName);
  const lastName = text(f.lastName);
  return {
    leadId: lead.id,
    firstName,
    lastName,
    fullName: [firstName, lastName].filter(Boolean).join(' ') || null,
    email: text(f.email),
    phone: text(f.phone),
    company: text(f.company),
    jobTitle: text(f.jobTitle),
    country: text(f.country),
    product: text(f.product),
    budget: text(f.budget),
    timeline: text(f.timeline),
    language: text(f.language),
    score: lead.score,
    segment: lead.segment,
    owner: lead.owner,
    routingReason: lead.routingReason,
    source: text(lead.input.source) ?? lead.sourceId,
    receivedAt: lead.createdAt,
    message: text(lead.input.message),
    conversationId: text(conversation.id),
    initialQuestion: text(conversation.initialQuestion) ?? text(lead.input.message),
    channel: first?.channel ?? text(lead.input.channel),
    utmSource: text(first?.utm?.source),
    utmMedium: text(first?.utm?.medium),
    utmCampaign: text(first?.utm?.campaign),
    landingPage: first?.landingHost ? `${first.landingHost}${first.landingPath ?? ''}` : null,
    referrer: first?.referrerHost ?? null,
    custom: lead.input.custom,
  };
}

function read(view: LeadView, from: string): FieldValue {
  if (from.startsWith('custom.')) {
    const value = view.custom[from.slice('custom.'.length)];
    return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
  }
  return (view as unknown as Record<Mappable, FieldValue>)[from as Mappable] ?? null;
}

export function applyTransform(value: FieldValue, transform: Transform): FieldValue {
  if (value === null) return null;
  if (typeof transform === 'object') {
    if ('map' in transform) return transform.map[String(value)] ?? transform.default ?? value;
    if ('prefix' in transform) return `${transform.prefix}${String(value)}`;
    return String(value).slice(0, transform.truncate);
  }
  switch (transform) {
    case 'string':
      return String(value);
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).replace(/[^\d.-]/g, ''));
      return Number.isFinite(n) ? n : null;
    }
    case 'lower':
      return String(value).toLowerCase();
    case 'upper':
      return String(value).toUpperCase();
    case 'trim':
      return String(value).trim();
    case 'date':
    case 'datetime':
    case 'epochMs': {
      const ms = typeof value === 'number' ? value : Date.parse(String(value));
      if (!Number.isFinite(ms)) return null;
      if (transform === 'epochMs') return ms;
      const iso = new Date(ms).toISOString();
      return transform === 'date' ? iso.slice(0, 10) : iso;
    }
  }
}

/** The CRM fields for one lead. `creating` false leaves out entries marked `onUpdate: false`. */
export function mapFields(view: LeadView, entries: readonly MappingEntry[], creating: boolean): Record<string, FieldValue> {
  const out: Record<string, FieldValue> = {};
  for (const entry of entries) {
    if (!creating && !entry.onUpdate) continue;
    let value = read(view, entry.from);
    for (const transform of entry.transform) value = applyTransform(value, transform);
    if (value !== null) out[entry.to] = value;
  }
  return out;
}

/** The note a salesperson reads first: who, what they asked, score and why routed. */
export function leadSummary(view: LeadView): string {
  const lines = [
    `New lead: ${view.fullName ?? view.email ?? view.phone ?? view.leadId}${view.company ? ` (${view.company})` : ''}`,
    view.jobTitle ? `Title: ${view.jobTitle}` : null,
    view.message ? `Message: ${view.message}` : null,
    view.product ? `Product: ${view.product}` : null,
    view.budget ? `Budget: ${view.budget}` : null,
    view.timeline ? `Timeline: ${view.timeline}` : null,
    view.score !== null ? `Score: ${view.score} (${view.segment ?? 'unscored'})` : null,
    view.routingReason ? `Routing: ${view.routingReason}` : null,
    `Source: ${view.source}${view.channel ? ` via ${view.channel}` : ''}${view.utmCampaign ? `, campaign ${view.utmCampaign}` : ''}`,
    `Leadwire lead ${view.leadId}`,
  ];
  return lines.filter((l): l is string => l !== null).join('\n');
}
