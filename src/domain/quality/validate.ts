import type { LeadInput } from '../types.js';
import { evaluateMissingData, type MissingDataResult } from './missing-data.js';
import { normalizeLead, type NormalizeContext, type NormalizedLead } from './normalize.js';
import { screenSubmission, type SpamTiming, type SpamVerdict } from './spam.js';

/**
 * The validate stage's decision for one submission: normalized fields, test/spam verdict and the
 * missing-data outcome. `decision`:
 * - `reject` — only when the policy is require-minimum and the minimum is missing (422 naming
 *   `missingData.missingRequired`);
 * - `incomplete` — kept, routed to follow-up for completion;
 * - `accept` — otherwise. Test and spam leads are accepted and stored too: they are flagged,
 *   visible and counted, and `blocksSync` keeps them out of every CRM.
 */
export interface ValidationResult {
  normalized: NormalizedLead;
  spam: SpamVerdict;
  missingData: MissingDataResult;
  decision: 'accept' | 'incomplete' | 'reject';
  /** normalizer flags plus `test`, `spam`, `incomplete`. */
  flags: string[];
  blocksSync: boolean;
}

export function validateLead(input: LeadInput, context: NormalizeContext & { timing: SpamTiming }): ValidationResult {
  const normalized = normalizeLead(input, context);
  const f = normalized.fields;
  const spam = screenSubmission(
    {
      email: f.email ?? input.email ?? null,
      phone: f.phone ?? input.phone ?? null,
      firstName: f.firstName,
      lastName: f.lastName,
      company: f.company,
      message: input.message ?? null,
      custom: input.custom,
    },
    context.timing,
    context.config.spam,
  );
  const missingData = evaluateMissingData({ ...f }, context.config.missingData);
  const decision = missingData.outcome === 'reject' ? 'reject' : missingData.outcome === 'incomplete' ? 'incomplete' : 'accept';
  const flags = [...normalized.flags];
  if (spam.verdict !== 'clean') flags.push(spam.verdict);
  if (decision === 'incomplete') flags.push('incomplete');
  return { normalized, spam, missingData, decision, flags, blocksSync: spam.blocksSync };
}
