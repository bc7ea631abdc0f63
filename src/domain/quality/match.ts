import type { IdentityProfile } from './profile.js';
import { identityKeys, type EmailKeyOptions } from './identity-keys.js';
import { namesConflict, scoreNameCompany, type NameCompanyScores } from './name-company-score.js';
import { partialMatch, type FieldAgreement, type PartialReason } from './partial-match.js';
import type { QualityConfig } from './quality.schema.js';

/**
 * The dedup decision (SPEC §5): is an incoming profile a person we already hold? Rules in order:
 *
 * 1. **email** — a shared email key (primary or secondary) merges automatically.
 * 2. **channel** — a shared channel id (WhatsApp wa_id, Messenger PSID…) merges automatically.
 * 3. **phone** — a shared E.164 number merges only when the names do not conflict; households and
 *    switchboards share numbers, so a conflict makes it a suggestion. So does a shared number with
 *    two different emails unless both sides carry a (non-conflicting) surname.
 * 4. **name-company** — the fuzzy score merges at `autoMergeThreshold` and above, and suggests
 *    between `suggestThreshold` and that. It never merges when a first name is missing or when
 *    both sides carry different emails (two strong identities) — those become suggestions. A score
 *    with one field below `FIELD_FLOOR` (another value, not a typo) falls through to rule 5.
 * 5. **partial name-company** — two of first name, last name and company agree strongly and the
 *    third is missing, weak or (for a first or last name) different: a suggestion only, never a
 *    merge (`partial-match.ts`). Colleagues and relatives land here, for a human to tell apart.
 *
 * A suggestion is never a merge: the caller creates a new lead and records the suggestions.
 * Candidates come from the store (leads sharing any identity or blocking key); their order
 * breaks ties, so callers pass the oldest first.
 */

export type MatchRule = 'email' | 'channel' | 'phone' | 'name-company';

export interface MatchCandidate {
  leadId: string;
  profile: IdentityProfile;
}

export interface MatchEvidence {
  leadId: string;
  rule: MatchRule;
  confidence: number;
  /** The identity keys both sides share (email/channel/phone rules). */
  sharedKeys?: string[];
  scores?: NameCompanyScores;
  /** Per-field similarities behind a partial name-company suggestion. */
  fields?: FieldAgreement;
  /** Why an otherwise matching candidate is only a suggestion. */
  downgradedBecause?: 'names-conflict' | 'missing-first-name' | 'different-emails' | PartialReason;
}

export interface MatchDecision {
  action: 'merge' | 'suggest' | 'new';
  /** The lead to merge into (`merge`) or the best suggestion (`suggest`). */
  leadId: string | null;
  rule: MatchRule | null;
  confidence: number;
  evidence: MatchEvidence | null;
  /** Every suggestion, best first; present for `merge` too when other candidates were close. */
  suggestions: MatchEvidence[];
}

export type MatchOptions = QualityConfig['dedup'] & { emailKeys?: EmailKeyOptions };

const CONFIDENCE: Readonly<Record<'email' | 'channel' | 'phone', number>> = { email: 1, channel: 0.99, phone: 0.9 };

// A profile's keys are asked for once per rule and per candidate; computing them (IDN, folding)
// dominates matching, so they are kept per profile object. Profiles are treated as immutable.
const keyCache = new WeakMap<IdentityProfile, { options: EmailKeyOptions | undefined; keys: ReturnType<typeof identityKeys> }>();
function keysOf(profile: IdentityProfile, options?: EmailKeyOptions): ReturnType<typeof identityKeys> {
  const cached = keyCache.get(profile);
  if (cached && cached.options === options) return cached.keys;
  const keys = identityKeys(profile, options);
  keyCache.set(profile, { options, keys });
  return keys;
}

function sharedKeys(a: IdentityProfile, b: IdentityProfile, kind: 'email' | 'phone' | 'channel', options?: EmailKeyOptions): string[] {
  const mine = new Set(keysOf(a, options).filter((k) => k.kind === kind).map((k) => k.key));
  return keysOf(b, options)
    .filter((k) => k.kind === kind && mine.has(k.key))
    .map((k) => k.key);
}

function differentEmails(a: IdentityProfile, b: IdentityProfile, options?: EmailKeyOptions): boolean {
  return !!a.email && !!b.email && sharedKeys(a, b, 'email', options).length === 0;
}

/**
 * Below this similarity a field is another value, not a typo: a weighted score that reaches the
 * suggest threshold on two equal fields alone (same name, another company) is left to the partial
 * rules, which know which two-field patterns are worth a review. It never blocks a merge: a score
 * at `autoMergeThreshold` (0.95 by default) has every field above 0.83.
 */
const FIELD_FLOOR = 0.8;
const weakestField = (s: NameCompanyScores): number => Math.min(s.firstName ?? 1, s.lastName, s.company);

const bothHaveLastName = (a: IdentityProfile, b: IdentityProfile): boolean => !!a.lastName?.trim() && !!b.lastName?.trim();

function evaluate(incoming: IdentityProfile, c: MatchCandidate, options: MatchOptions): { merge?: MatchEvidence; suggest?: MatchEvidence } {
  for (const rule of ['email', 'channel'] as const) {
    const keys = sharedKeys(incoming, c.profile, rule, options.emailKeys);
    if (keys.length > 0) return { merge: { leadId: c.leadId, rule, confidence: CONFIDENCE[rule], sharedKeys: keys } };
  }
  const phones = sharedKeys(incoming, c.profile, 'phone', options.emailKeys);
  if (phones.length > 0) {
    const evidence: MatchEvidence = { leadId: c.leadId, rule: 'phone', confidence: CONFIDENCE.phone, sharedKeys: phones };
    if (namesConflict(incoming, c.profile, options.nameConflictThreshold)) return { suggest: { ...evidence, downgradedBecause: 'names-conflict' } };
    // Two different emails on one shared number, with no surname on both sides to confirm it:
    // as likely two people at one switchboard as one person with two addresses.
    if (differentEmails(incoming, c.profile, options.emailKeys) && !bothHaveLastName(incoming, c.profile)) {
      return { suggest: { ...evidence, downgradedBecause: 'different-emails' } };
    }
    return { merge: evidence };
  }
  const scores = scoreNameCompany(incoming, c.profile);
  if (!scores || scores.score < options.suggestThreshold || weakestField(scores) < FIELD_FLOOR) {
    const partial = partialMatch(incoming, c.profile);
    if (!partial) return {};
    const confidence = Math.min(partial.confidence, options.autoMergeThreshold);
    return { suggest: { leadId: c.leadId, rule: 'name-company', confidence, fields: partial.fields, downgradedBecause: partial.reason } };
  }
  const evidence: MatchEvidence = { leadId: c.leadId, rule: 'name-company', confidence: scores.score, scores };
  if (scores.score < options.autoMergeThreshold) return { suggest: evidence };
  if (!scores.complete) return { suggest: { ...evidence, downgradedBecause: 'missing-first-name' } };
  if (differentEmails(incoming, c.profile, options.emailKeys)) return { suggest: { ...evidence, downgradedBecause: 'different-emails' } };
  return { merge: evidence };
}

const RULE_RANK: Readonly<Record<MatchRule, number>> = { email: 0, channel: 1, phone: 2, 'name-company': 3 };

export function decideMatch(incoming: IdentityProfile, candidates: readonly MatchCandidate[], options: MatchOptions): MatchDecision {
  const merges: MatchEvidence[] = [];
  const suggestions: MatchEvidence[] = [];
  for (const c of candidates) {
    const result = evaluate(incoming, c, options);
    if (result.merge) merges.push(result.merge);
    if (result.suggest) suggestions.push(result.suggest);
  }
  // Stable sorts: among equals the caller's (oldest-first) order wins.
  merges.sort((a, b) => RULE_RANK[a.rule] - RULE_RANK[b.rule] || b.confidence - a.confidence);
  suggestions.sort((a, b) => b.confidence - a.confidence);
  const best = merges[0];
  if (best) {
    // Other leads that also matched strongly are probably this person too: surface them for review
    // rather than merging two existing leads silently.
    const others = [...merges.slice(1), ...suggestions].filter((s) => s.leadId !== best.leadId);
    return { action: 'merge', leadId: best.leadId, rule: best.rule, confidence: best.confidence, evidence: best, suggestions: others };
  }
  const top = suggestions[0];
  if (top) return { action: 'suggest', leadId: top.leadId, rule: top.rule, confidence: top.confidence, evidence: top, suggestions };
  return { action: 'new', leadId: null, rule: null, confidence: 0, evidence: null, suggestions: [] };
}
