import { assignOwn, spread } from '../../lib/spread.js';
import type { LeadInput } from '../types.js';
import type { Facts } from './condition.js';

/**
 * The one flat-ish view of a lead that scoring, routing and follow-up conditions read. Building it
 * once per stage keeps every rule language identical: a field path in a rule means the same thing
 * in all three sections of the config.
 *
 * Fields: every intake field (`email`, `country`, `product`, `budget`, `utm.campaign`, `custom.x`…),
 * overlaid by the normalized values in `data`; `sourceId` / `source` (the intake source id),
 * `leadSource` (what the submitter called it), `channel`, `language` (primary subtag, lower-case),
 * `flags`, `enrichment.*`, `conversation.*`, `behaviour.<type>.{count,firstAt,lastAt}`,
 * `interactions.{count,previousAt}`, and `score` / `segment` once scored.
 */
export interface BehaviourEvent {
  /** e.g. `pricing_page_view`, `case_study_download`, `meeting_booked`, `contacted`. */
  type: string;
  at: number;
}

/**
 * What conversation analysis (SPEC §11) hands to scoring. Everything optional: a form lead has none
 * of it, and the default rules also read the form's own `budget` / `jobTitle` fields.
 */
export interface ConversationSignals {
  budgetMentioned?: boolean;
  /** Days from the conversation to the stated start ("within a month" → 30). */
  timelineDays?: number | null;
  decisionMaker?: boolean | null;
  questionsCount?: number;
  competitors?: readonly string[];
  products?: readonly string[];
  companySize?: number | null;
  industry?: string | null;
  sentiment?: 'positive' | 'neutral' | 'negative' | null;
}

export interface BehaviourSummary {
  count: number;
  firstAt: number;
  lastAt: number;
}

export interface FactsLead {
  sourceId: string;
  input: LeadInput;
  data: Record<string, unknown>;
  /** Laid over `data` (the normalized intake fields, `data.fields`), as if spread after it. */
  fields?: Record<string, unknown> | null;
  flags: readonly string[];
  score?: number | null;
  segment?: string | null;
}

export interface FactsExtras {
  events?: readonly BehaviourEvent[];
  conversation?: ConversationSignals | null;
  enrichment?: Record<string, unknown> | null;
  /** Submissions/conversations of this person so far, including this one, and when the one before was. */
  interactions?: { count: number; previousAt: number | null };
}

export function summarizeBehaviour(events: readonly BehaviourEvent[]): Record<string, BehaviourSummary> {
  const out: Record<string, BehaviourSummary> = {};
  for (const e of events) {
    const s = out[e.type];
    if (!s) out[e.type] = { count: 1, firstAt: e.at, lastAt: e.at };
    else {
      s.count += 1;
      s.firstAt = Math.min(s.firstAt, e.at);
      s.lastAt = Math.max(s.lastAt, e.at);
    }
  }
  return out;
}

function primaryLanguage(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  return value.trim().toLowerCase().split(/[-_]/)[0] ?? null;
}

const notIntakeOnly = (key: string): boolean => key === 'custom' || key === 'source';

export function buildLeadFacts(lead: FactsLead, extras: FactsExtras = {}): Facts {
  const facts: Record<string, unknown> = {};
  // Layered with a loop, not spreads: built per stage per lead (see lib/spread.ts).
  assignOwn(facts, lead.input, notIntakeOnly);
  assignOwn(facts, lead.data);
  if (lead.fields) assignOwn(facts, lead.fields);
  const { channel, language } = facts;
  facts.custom = lead.input.custom;
  facts.sourceId = lead.sourceId;
  facts.source = lead.sourceId;
  facts.leadSource = lead.input.source ?? null;
  facts.channel = typeof channel === 'string' ? channel.toLowerCase() : null;
  facts.language = primaryLanguage(language);
  facts.flags = [...lead.flags];
  facts.enrichment = extras.enrichment ?? {};
  facts.conversation = extras.conversation ?? {};
  facts.behaviour = summarizeBehaviour(extras.events ?? []);
  facts.interactions = extras.interactions ?? { count: 1, previousAt: null };
  facts.score = lead.score ?? null;
  facts.segment = lead.segment ?? null;
  return facts;
}

/** The same facts after scoring, so routing and follow-up rules can read `score` and `segment`. */
export function withScore(facts: Facts, score: number, segment: string): Facts {
  return spread(facts, { score, segment });
}
