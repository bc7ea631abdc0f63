import type { MissingDataPolicy } from './quality.schema.js';

/**
 * The missing-data policy (SPEC §4). Minimum: an email for B2B, a phone for B2C, or a custom list
 * (`email|phone` = either). A field counts only when it holds a usable value — the caller passes
 * null for an email or phone that failed validation, so an invalid email does not satisfy B2B.
 * Outcome when the minimum is missing, by strategy: `create` (create-with-available), `reject`
 * (require-minimum; the intake answers 422 naming `missingRequired`) or `incomplete` (kept and
 * routed to follow-up for completion).
 */
export interface MissingDataResult {
  outcome: 'complete' | 'create' | 'reject' | 'incomplete';
  missingRequired: string[];
  missingPreferred: string[];
  /** Share of the profile fields present, 0..1, for progressive profiling thresholds. */
  completeness: number;
}

export const PROFILE_FIELDS = ['email', 'phone', 'firstName', 'lastName', 'company', 'jobTitle'] as const;

const present = (fields: Readonly<Record<string, unknown>>, name: string): boolean => {
  const value = fields[name];
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
};

export function requiredFields(policy: MissingDataPolicy): string[] {
  if (policy.mode === 'b2b') return ['email'];
  if (policy.mode === 'b2c') return ['phone'];
  return policy.required;
}

export function completeness(fields: Readonly<Record<string, unknown>>): number {
  const count = PROFILE_FIELDS.filter((f) => present(fields, f)).length;
  return Math.round((count / PROFILE_FIELDS.length) * 100) / 100;
}

export function evaluateMissingData(fields: Readonly<Record<string, unknown>>, policy: MissingDataPolicy): MissingDataResult {
  const missingRequired = requiredFields(policy).filter((req) => !req.split('|').some((alt) => present(fields, alt.trim())));
  const missingPreferred = policy.preferred.filter((f) => !present(fields, f));
  const outcome =
    missingRequired.length === 0
      ? 'complete'
      : policy.strategy === 'create-with-available'
        ? 'create'
        : policy.strategy === 'require-minimum'
          ? 'reject'
          : 'incomplete';
  return { outcome, missingRequired, missingPreferred, completeness: completeness(fields) };
}
