import type { ConversationAnalysis } from './analysis.js';
import type { Intent } from './conversation.schema.js';
import { transcriptSchema, type Transcript } from './transcript.js';

/**
 * Extraction accuracy against a labelled evaluation set (issue 7 acceptance). Per field:
 * a prediction is a true positive when it equals the label, a false positive when it is given but
 * wrong or not labelled, a false negative when a label was missed or got wrong. List fields
 * (competitors, products, intents) count per element. Budgets compare min, max and currency;
 * timelines compare the target date.
 */

export interface EvalCase {
  id: string;
  kind: string;
  start: string;
  /** [role, text] pairs, 30 seconds apart from `start`. */
  messages: Array<[string, string]>;
  expected: {
    email?: string | null;
    phone?: string | null;
    firstName?: string | null;
    lastName?: string | null;
    company?: string | null;
    jobTitle?: string | null;
    budget?: { min: number | null; max: number | null; currency: string | null } | null;
    timeline?: { targetDate: string } | null;
    decisionMaker?: boolean | null;
    competitors?: string[];
    products?: string[];
    intents?: Intent[];
    language?: string;
    isSpam?: boolean;
  };
}

export const EVAL_FIELDS = [
  'email', 'phone', 'firstName', 'lastName', 'company', 'jobTitle', 'budget', 'timeline', 'decisionMaker', 'competitors', 'products', 'intents', 'language', 'isSpam',
] as const;
export type EvalField = (typeof EVAL_FIELDS)[number];

export interface FieldCounts {
  tp: number;
  fp: number;
  fn: number;
}

export interface FieldMetrics extends FieldCounts {
  precision: number;
  recall: number;
}

export function caseTranscript(c: EvalCase): Transcript {
  const start = Date.parse(c.start);
  return transcriptSchema.parse({
    channel: 'webchat',
    messages: c.messages.map(([role, text], i) => ({ id: `${c.id}-${i + 1}`, role, text, timestamp: start + i * 30_000 })),
  });
}

function predicted(a: ConversationAnalysis, field: EvalField): unknown {
  switch (field) {
    case 'budget': return a.budget && { min: a.budget.min, max: a.budget.max, currency: a.budget.currency };
    case 'timeline': return a.timeline && { targetDate: a.timeline.targetDate };
    case 'decisionMaker': case 'competitors': case 'products': case 'language': case 'isSpam': return a[field];
    case 'intents': return a.intents;
    default: return a.contact[field];
  }
}

function count(into: FieldCounts, expected: unknown, got: unknown): void {
  if (Array.isArray(expected) || Array.isArray(got)) {
    const e = (expected ?? []) as unknown[];
    const g = (got ?? []) as unknown[];
    into.tp += g.filter((x) => e.includes(x)).length;
    into.fp += g.filter((x) => !e.includes(x)).length;
    into.fn += e.filter((x) => !g.includes(x)).length;
    return;
  }
  const given = got !== null && got !== undefined;
  const labelled = expected !== null && expected !== undefined;
  const same = JSON.stringify(expected) === JSON.stringify(got);
  if (given && labelled && same) into.tp++;
  else {
    if (given) into.fp++;
    if (labelled) into.fn++;
  }
}

/** Precision and recall per field; a field a case does not label is not counted for that case. */
export function evaluateExtraction(results: ReadonlyArray<{ case: EvalCase; analysis: ConversationAnalysis }>): Record<EvalField, FieldMetrics> {
  const out = {} as Record<EvalField, FieldMetrics>;
  for (const field of EVAL_FIELDS) {
    const c: FieldCounts = { tp: 0, fp: 0, fn: 0 };
    for (const r of results) {
      if (!(field in r.case.expected)) continue;
      // isSpam false is a label, not a missing value: compare it as a value.
      const expected = r.case.expected[field];
      const got = predicted(r.analysis, field);
      if (field === 'isSpam' || field === 'language') count(c, expected, got);
      else count(c, expected ?? null, got ?? null);
    }
    out[field] = { ...c, precision: c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp), recall: c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn) };
  }
  return out;
}
