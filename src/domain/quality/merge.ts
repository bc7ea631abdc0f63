import { emailKey, type EmailKeyOptions } from './identity-keys.js';
import { mergeAttribution, type Attribution } from './touches.js';

/**
 * Merging an incoming submission (or a second lead) into an existing lead. Rules:
 * - an empty field is filled from the incoming side;
 * - volatile fields (job title, company size… from config) take the newer non-empty value — the
 *   incoming side is the newer one, so a caller merging two leads passes the older as `existing`;
 * - other fields keep the existing value, except an initial (`J.`) that a full name extends;
 * - a different email or phone is a conflicting strong key: the existing one stays primary and
 *   the incoming one is kept as secondary, never a replacement;
 * - channel ids and secondary identifiers are unioned; attribution keeps the first touch and
 *   takes the latest last touch; the interaction count adds up; the owner is sticky.
 * The result lists every change, so the merge event can carry before/after.
 */
export interface MergeableLead {
  /** Normalized data fields (email, phone, firstName, lastName, company, jobTitle, custom…). */
  fields: Record<string, unknown>;
  secondaryEmails: string[];
  secondaryPhones: string[];
  channelIds: string[];
  attribution: Attribution | null;
  interactionCount: number;
  owner: string | null;
}

export type MergeRule = 'filled' | 'newer-wins' | 'more-complete' | 'secondary-added' | 'union' | 'attribution' | 'count' | 'owner-filled';

export interface FieldChange {
  field: string;
  rule: MergeRule;
  before: unknown;
  after: unknown;
}

export interface MergeResult {
  lead: MergeableLead;
  changes: FieldChange[];
}

export interface MergeOptions {
  volatileFields: readonly string[];
  emailKeys?: EmailKeyOptions;
}

const isEmpty = (v: unknown): boolean =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);

/** `J.` or `J` extended by `Jan`: the incoming value says more about the same name. */
function extendsInitial(before: unknown, after: unknown): boolean {
  if (typeof before !== 'string' || typeof after !== 'string') return false;
  const initial = /^(\p{L})\.?$/u.exec(before.trim());
  return !!initial && after.trim().length > 1 && after.trim().toLowerCase().startsWith((initial[1] ?? '').toLowerCase());
}

function union(a: readonly string[], b: readonly string[]): string[] {
  return [...new Set([...a, ...b])];
}

export function mergeLead(existing: MergeableLead, incoming: MergeableLead, options: MergeOptions): MergeResult {
  const changes: FieldChange[] = [];
  const fields: Record<string, unknown> = { ...existing.fields };
  let secondaryEmails = [...existing.secondaryEmails];
  let secondaryPhones = [...existing.secondaryPhones];
  const volatile = new Set(options.volatileFields);
  const sameEmail = (a: string, b: string): boolean => emailKey(a, options.emailKeys) === emailKey(b, options.emailKeys);

  for (const [field, after] of Object.entries(incoming.fields)) {
    const before = fields[field];
    if (isEmpty(after) || before === after) continue;
    if (isEmpty(before)) {
      fields[field] = after;
      changes.push({ field, rule: 'filled', before: before ?? null, after });
    } else if (field === 'email' && typeof after === 'string' && typeof before === 'string') {
      if (!sameEmail(before, after) && !secondaryEmails.some((e) => sameEmail(e, after))) {
        secondaryEmails = [...secondaryEmails, after];
        changes.push({ field: 'secondaryEmails', rule: 'secondary-added', before: existing.secondaryEmails, after: secondaryEmails });
      }
    } else if (field === 'phone' && typeof after === 'string') {
      if (!secondaryPhones.includes(after)) {
        secondaryPhones = [...secondaryPhones, after];
        changes.push({ field: 'secondaryPhones', rule: 'secondary-added', before: existing.secondaryPhones, after: secondaryPhones });
      }
    } else if (volatile.has(field)) {
      fields[field] = after;
      changes.push({ field, rule: 'newer-wins', before, after });
    } else if (extendsInitial(before, after)) {
      fields[field] = after;
      changes.push({ field, rule: 'more-complete', before, after });
    }
  }

  // Secondary identifiers of the incoming side (a lead being merged in) join ours, minus our primaries.
  const primaryEmail = typeof fields.email === 'string' ? fields.email : null;
  const moreEmails = incoming.secondaryEmails.filter((e) => !(primaryEmail && sameEmail(primaryEmail, e)) && !secondaryEmails.some((s) => sameEmail(s, e)));
  if (moreEmails.length > 0) {
    secondaryEmails = [...secondaryEmails, ...moreEmails];
    changes.push({ field: 'secondaryEmails', rule: 'union', before: existing.secondaryEmails, after: secondaryEmails });
  }
  const morePhones = incoming.secondaryPhones.filter((p) => p !== fields.phone && !secondaryPhones.includes(p));
  if (morePhones.length > 0) {
    secondaryPhones = [...secondaryPhones, ...morePhones];
    changes.push({ field: 'secondaryPhones', rule: 'union', before: existing.secondaryPhones, after: secondaryPhones });
  }
  const channelIds = union(existing.channelIds, incoming.channelIds);
  if (channelIds.length !== existing.channelIds.length) changes.push({ field: 'channelIds', rule: 'union', before: existing.channelIds, after: channelIds });

  const attribution = mergeAttribution(existing.attribution, incoming.attribution);
  if (attribution !== existing.attribution) changes.push({ field: 'attribution', rule: 'attribution', before: existing.attribution, after: attribution });

  const interactionCount = existing.interactionCount + Math.max(1, incoming.interactionCount);
  changes.push({ field: 'interactionCount', rule: 'count', before: existing.interactionCount, after: interactionCount });

  const owner = existing.owner ?? incoming.owner;
  if (owner !== existing.owner) changes.push({ field: 'owner', rule: 'owner-filled', before: existing.owner, after: owner });

  return { lead: { fields, secondaryEmails, secondaryPhones, channelIds, attribution, interactionCount, owner }, changes };
}

/** The before/after pair a merge event records: only the fields that changed. */
export function mergeEventDetail(result: MergeResult): { before: Record<string, unknown>; after: Record<string, unknown>; rules: Record<string, MergeRule> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const rules: Record<string, MergeRule> = {};
  for (const c of result.changes) {
    if (!(c.field in before)) before[c.field] = c.before;
    after[c.field] = c.after;
    rules[c.field] = c.rule;
  }
  return { before, after, rules };
}
