import { z } from 'zod';
import type { ConversationAnalysis } from './analysis.js';

/**
 * Progressive profiling (SPEC §5, §10 pattern 2): the first interaction creates the contact, later
 * ones add to it, and once the person is qualified enough the lead converts to an opportunity.
 *
 * - **profile facts**: the five qualification facts a salesperson needs — budget, timeline,
 *   decision-maker status (yes or no: either is known), need (a problem, a product of interest or a
 *   stated request) and company — each known when any of the person's conversations or submissions
 *   states it. Known facts are never forgotten: a later, vaguer conversation does not un-know them.
 * - **conversion**: the configured thresholds (facts known, lead score, interaction count),
 *   combined with `any` (the default: the first one reached converts) or `all`. Converting is
 *   recorded once, with when and why; it is never undone.
 */

export const PROFILE_FACTS = ['budget', 'timeline', 'decisionMaker', 'need', 'company'] as const;
export type ProfileFact = (typeof PROFILE_FACTS)[number];

export const profilingConfigSchema = z
  .object({
    enabled: z.boolean().default(true).describe('false: leads never convert by profiling (high intent and deal rules still apply)'),
    convertAt: z
      .object({
        knownFacts: z.number().int().min(1).max(PROFILE_FACTS.length).nullable().default(4).describe(`this many of ${PROFILE_FACTS.join(', ')} known; null: not a criterion`),
        score: z.number().int().min(0).nullable().default(null).describe('the lead score reached; null: not a criterion'),
        interactions: z.number().int().min(1).nullable().default(3).describe('the interaction (conversation or submission) count reached; null: not a criterion'),
      })
      .strict()
      .prefault({}),
    combine: z.enum(['any', 'all']).default('any').describe('any: the first threshold reached converts; all: every configured one must be reached'),
  })
  .strict()
  .prefault({});
export type ProfilingConfig = z.output<typeof profilingConfigSchema>;

/** What one conversation says, as far as the profile is concerned. */
export type ProfileAnalysis = Pick<ConversationAnalysis, 'budget' | 'timeline' | 'decisionMaker' | 'problems' | 'products' | 'isSpam'> & {
  contact: Pick<ConversationAnalysis['contact'], 'company'>;
};

/** What one submission (form post, API lead) says. */
export interface ProfileSubmission {
  budget?: string | null;
  timeline?: string | null;
  message?: string | null;
  product?: string | null;
  company?: string | null;
}

export interface ProfileEvidence {
  analyses: ReadonlyArray<ProfileAnalysis | null>;
  submissions: readonly ProfileSubmission[];
  /** Facts known at the last look: kept. */
  known?: readonly string[];
}

const stated = (v: string | null | undefined) => typeof v === 'string' && v.trim() !== '';

export function knownProfileFacts(evidence: ProfileEvidence): ProfileFact[] {
  const known = new Set<string>(evidence.known ?? []);
  for (const a of evidence.analyses) {
    if (!a || a.isSpam) continue;
    if (a.budget) known.add('budget');
    if (a.timeline) known.add('timeline');
    if (a.decisionMaker !== null) known.add('decisionMaker');
    if (a.problems.length > 0 || a.products.length > 0) known.add('need');
    if (stated(a.contact.company)) known.add('company');
  }
  for (const s of evidence.submissions) {
    if (stated(s.budget)) known.add('budget');
    if (stated(s.timeline)) known.add('timeline');
    if (stated(s.message) || stated(s.product)) known.add('need');
    if (stated(s.company)) known.add('company');
  }
  return PROFILE_FACTS.filter((f) => known.has(f));
}

export interface ConversionInput {
  known: readonly ProfileFact[];
  score: number | null;
  interactions: number;
}

export interface ConversionDecision {
  convert: boolean;
  /** Each threshold reached, e.g. `known-facts 4/5 ≥ 4`, `interactions 3 ≥ 3`. */
  reasons: string[];
}

export function conversionDecision(input: ConversionInput, config: ProfilingConfig): ConversionDecision {
  if (!config.enabled) return { convert: false, reasons: [] };
  const { knownFacts, score, interactions } = config.convertAt;
  const checks: Array<{ reached: boolean; reason: string }> = [];
  if (knownFacts !== null) checks.push({ reached: input.known.length >= knownFacts, reason: `known-facts ${input.known.length}/${PROFILE_FACTS.length} ≥ ${knownFacts} (${input.known.join(', ')})` });
  if (score !== null) checks.push({ reached: input.score !== null && input.score >= score, reason: `score ${input.score ?? '–'} ≥ ${score}` });
  if (interactions !== null) checks.push({ reached: input.interactions >= interactions, reason: `interactions ${input.interactions} ≥ ${interactions}` });
  const reached = checks.filter((c) => c.reached);
  const convert = checks.length > 0 && (config.combine === 'all' ? reached.length === checks.length : reached.length > 0);
  return { convert, reasons: convert ? reached.map((c) => c.reason) : [] };
}
