import { z } from 'zod';
import { normalizeCompany } from '../quality/company.js';
import { normalizeEmail } from '../quality/email.js';
import { normalizeNamePart } from '../quality/names.js';
import { normalizePhone } from '../quality/phone.js';
import type { ConversationAnalysis } from './analysis.js';
import { completeAnalysis, type ConversationFacts } from './analyze.js';
import { daysBetween, dayOf, makeDay } from './calendar.js';
import type { ContactDetails, ContactField } from './contact.js';
import { INTENTS, OBJECTIONS, type ConversationConfig, type Language } from './conversation.schema.js';
import { sizeBand } from './firmographics.js';
import type { Transcript } from './transcript.js';

/**
 * The optional language model, as a port. The domain defines what is asked (`buildModelRequest`),
 * the JSON the answer must match (`modelExtractionSchema`) and how an answer is merged with the
 * rules (`mergeModelExtraction`). The provider — an OpenAI-compatible chat-completions client with
 * its base URL, model, key, timeout and failure counter — lives outside the domain and implements
 * `ConversationModelPort`; on a timeout or failure the caller keeps the rule-based analysis.
 *
 * Merge contract: the answer is validated with zod (an invalid answer changes nothing); contact
 * values must pass our validators (email syntax, E.164 phone); a model value fills a gap the rules
 * left; when both have a value and disagree, `model.precedence` decides (rules by default). Lists
 * (intents, objections, products, competitors) are united, products and competitors only with ids
 * from the catalogue.
 */

export interface ModelRequest {
  language: Language;
  instructions: string;
  transcript: Array<{ role: string; text: string }>;
  /** JSON schema of the expected answer (from `modelExtractionSchema`). */
  schema: unknown;
}

export interface ConversationModelPort {
  extract(request: ModelRequest, signal: AbortSignal): Promise<unknown>;
}

const text = z.string().trim().min(1).max(300).nullable().optional();

export const modelExtractionSchema = z
  .object({
    contact: z.object({ email: text, phone: text, firstName: text, lastName: text, company: text, jobTitle: text }).partial().optional(),
    budget: z.object({ min: z.number().nonnegative().nullable(), max: z.number().nonnegative().nullable(), currency: z.string().regex(/^[A-Z]{3}$/).nullable() }).nullable().optional(),
    timeline: z.object({ targetDate: z.iso.date(), label: z.string().min(1).max(120) }).nullable().optional(),
    decisionMaker: z.boolean().nullable().optional(),
    companySize: z.number().int().positive().nullable().optional(),
    industry: z.string().min(1).max(60).nullable().optional(),
    products: z.array(z.string()).optional(),
    competitors: z.array(z.string()).optional(),
    intents: z.array(z.enum(INTENTS)).optional(),
    objections: z.array(z.enum(OBJECTIONS)).optional(),
    sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
  })
  .strip();
export type ModelExtraction = z.output<typeof modelExtractionSchema>;

export function buildModelRequest(transcript: Transcript, language: Language, config: Pick<ConversationConfig, 'products' | 'competitors'>): ModelRequest {
  const ids = (list: ConversationConfig['products']) => list.map((p) => `${p.id} (${p.name})`).join(', ') || 'none';
  return {
    language,
    instructions: [
      'Extract facts the visitor (role "user") stated in this sales chat. Answer with JSON only, matching the schema.',
      'Use null for anything not stated. Amounts as numbers, currency as ISO 4217, dates as YYYY-MM-DD.',
      `Product ids: ${ids(config.products)}. Competitor ids: ${ids(config.competitors)}.`,
    ].join('\n'),
    transcript: transcript.messages.map((m) => ({ role: m.role, text: m.text })),
    schema: z.toJSONSchema(modelExtractionSchema),
  };
}

export interface MergeResult {
  analysis: ConversationAnalysis;
  valid: boolean;
  /** Fields where the model's value was used. */
  accepted: string[];
  /** Fields where the model's value failed validation or lost to the rules. */
  rejected: Array<{ field: string; reason: 'schema' | 'invalid' | 'unknown-id' | 'rules-win' }>;
}

function validContact(field: ContactField, value: string, country: string): string | null {
  if (field === 'email') return normalizeEmail(value).address;
  if (field === 'phone') return normalizePhone(value, { workspaceCountry: country }).e164;
  if (field === 'firstName' || field === 'lastName') return normalizeNamePart(value);
  if (field === 'company') return normalizeCompany(value)?.name ?? null;
  return value.trim();
}

export function mergeModelExtraction(
  facts: ConversationFacts,
  raw: unknown,
  transcript: Pick<Transcript, 'messages'>,
  config: ConversationConfig,
): MergeResult {
  const parsed = modelExtractionSchema.safeParse(raw);
  if (!parsed.success) return { analysis: completeAnalysis(facts, transcript, config), valid: false, accepted: [], rejected: [{ field: '*', reason: 'schema' }] };
  const m = parsed.data;
  const accepted: string[] = [];
  const rejected: MergeResult['rejected'] = [];
  const modelWins = config.model.precedence === 'model';
  const take = <T>(field: string, ours: T | null, theirs: T | null | undefined, same: (a: T, b: T) => boolean = (a, b) => a === b): T | null => {
    if (theirs === undefined || theirs === null) return ours;
    if (ours === null || (modelWins && !same(ours, theirs))) {
      accepted.push(field);
      return theirs;
    }
    if (same(ours, theirs)) return ours;
    rejected.push({ field, reason: 'rules-win' });
    return ours;
  };

  const contact: ContactDetails = { ...facts.contact };
  const sources = { ...facts.contactSources };
  for (const field of Object.keys(contact) as ContactField[]) {
    const proposed = m.contact?.[field];
    if (!proposed) continue;
    const value = validContact(field, proposed, config.defaultCountry);
    if (value === null) {
      rejected.push({ field: `contact.${field}`, reason: 'invalid' });
      continue;
    }
    const merged = take(`contact.${field}`, contact[field], value);
    if (merged !== contact[field]) sources[field] = { from: 'model', messageId: null };
    contact[field] = merged;
  }

  const reference = dayOf(facts.timing.lastInteractionAt ?? 0);
  const [y, mo, d] = (m.timeline?.targetDate ?? '').split('-').map(Number);
  const targetDay = makeDay(y ?? 0, mo ?? 0, d ?? 0);
  const modelTimeline = m.timeline && targetDay ? { targetDate: m.timeline.targetDate, withinDays: daysBetween(reference, targetDay), label: m.timeline.label } : null;
  const known = (list: ConversationConfig['products'], ids: string[] | undefined, field: string): string[] => {
    const ok = (ids ?? []).filter((id) => list.some((p) => p.id === id));
    if (ok.length < (ids ?? []).length) rejected.push({ field, reason: 'unknown-id' });
    return ok;
  };
  const union = <T>(a: T[], b: T[], field: string) => {
    const extra = b.filter((x) => !a.includes(x));
    if (extra.length > 0) accepted.push(field);
    return [...a, ...extra];
  };

  const merged: ConversationFacts = {
    ...facts,
    contact,
    contactSources: sources,
    budget: take('budget', facts.budget, m.budget ? { ...m.budget, period: null, approximate: false } : null, (a, b) => a.min === b.min && a.max === b.max),
    timeline: take('timeline', facts.timeline, modelTimeline, (a, b) => a.targetDate === b.targetDate),
    decisionMaker: take('decisionMaker', facts.decisionMaker, m.decisionMaker),
    companySize: take('companySize', facts.companySize, m.companySize ? { employees: m.companySize, band: sizeBand(m.companySize) } : null),
    industry: take('industry', facts.industry, m.industry),
    sentiment: take('sentiment', facts.sentiment, m.sentiment) ?? facts.sentiment,
    products: union(facts.products, known(config.products, m.products, 'products'), 'products'),
    competitors: union(facts.competitors, known(config.competitors, m.competitors, 'competitors'), 'competitors'),
    intents: union(facts.intents, (m.intents ?? []).filter((i) => i !== 'spam'), 'intents'),
    objections: union(facts.objections, m.objections ?? [], 'objections'),
  };
  return { analysis: completeAnalysis(merged, transcript, config), valid: true, accepted, rejected };
}
