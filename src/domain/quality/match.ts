import type { IdentityProfile } from './profile.js';
import { identityKeys, type EmailKeyOptions } from './identity-keys.js';
import { agreeingFields, mayAgreeOnTwo, nameEvidence, namesConflict, type NameEvidence } from './name-evidence.js';
import type { NameFrequencies } from './name-frequencies.js';
import type { QualityConfig } from './quality.schema.js';

/**
 * The dedup decision (SPEC §5): is an incoming profile a person we already hold? Rules in order:
 *
 * 1. **email** — a shared email key (primary or secondary) merges automatically.
 * 2. **channel** — a shared channel id (WhatsApp wa_id, Messenger PSID…) merges automatically.
 * 3. **phone** — a shared E.164 number merges only when the names do not conflict; households and
 *    switchboards share numbers, so a conflict makes it a suggestion. So does a shared number with
 *    two different emails unless both sides carry a (non-conflicting) surname.
 * 4. **name-company** — the name evidence (`name-evidence.ts`: first name, last name, company,
 *    weighed by how common each value is in the workspace's ledger) gives a match probability.
 *    Two of the three fields must agree at least as a typo, else it is nothing (one field alone is
 *    a namesake). It merges at `autoMergeThreshold` and above only when all three fields are
 *    present and alike with at most one typo, and both sides do not carry different emails; any
 *    other match at `suggestThreshold` and above is a suggestion, with the reason it is not a
 *    merge. Relatives, colleagues and namesakes land there, for a human to tell apart.
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
  /** Per-field similarity, level and weight behind a name-company match (no names: ids-only logs). */
  names?: NameEvidence;
  /** Why a matching candidate is only a suggestion. */
  downgradedBecause?: 'names-conflict' | 'different-emails' | NameDowngrade;
}

/**
 * Why name evidence that reached the suggest threshold does not merge: a field is missing, one of
 * the three is another value, more than one is only a typo away, or all look alike but the values
 * are too common for the probability to reach the merge threshold.
 */
export type NameDowngrade = 'field-missing' | 'first-name-differs' | 'last-name-differs' | 'company-differs' | 'typos' | 'common-name';

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

export type MatchOptions = QualityConfig['dedup'] & {
  emailKeys?: EmailKeyOptions;
  /** The workspace's name-frequency counts for the compared values; without them every value is read at the prior share. */
  frequencies?: NameFrequencies;
};

const CONFIDENCE: Readonly<Record<'email' | 'channel' | 'phone', number>> = { email: 1, channel: 0.99, phone: 0.9 };

type KeysByKind = Readonly<Record<'email' | 'phone' | 'channel', readonly string[]>>;

// A profile's keys are asked for once per rule and per candidate; computing them (IDN, folding)
// dominates matching, so they are kept per profile object, by kind. Profiles are treated as immutable.
const keyCache = new WeakMap<IdentityProfile, { options: EmailKeyOptions | undefined; keys: KeysByKind }>();
function keysOf(profile: IdentityProfile, options?: EmailKeyOptions): KeysByKind {
  const cached = keyCache.get(profile);
  if (cached && cached.options === options) return cached.keys;
  const byKind = { email: [] as string[], phone: [] as string[], channel: [] as string[] };
  for (const k of identityKeys(profile, options)) byKind[k.kind].push(k.key);
  keyCache.set(profile, { options, keys: byKind });
  return byKind;
}

function sharedKeys(a: IdentityProfile, b: IdentityProfile, kind: 'email' | 'phone' | 'channel', options?: EmailKeyOptions): string[] {
  const theirs = keysOf(b, options)[kind];
  if (theirs.length === 0) return [];
  const mine = keysOf(a, options)[kind];
  return theirs.filter((key) => mine.includes(key));
}

function differentEmails(a: IdentityProfile, b: IdentityProfile, options?: EmailKeyOptions): boolean {
  return !!a.email && !!b.email && sharedKeys(a, b, 'email', options).length === 0;
}

/** Why this name evidence is not a merge by itself; null when it may merge. */
function nameDowngrade(e: NameEvidence, autoMergeThreshold: number): NameDowngrade | null {
  const fields = [e.firstName, e.lastName, e.company];
  if (fields.some((f) => f.level === 'missing')) return 'field-missing';
  if (e.firstName.level === 'differs' || e.firstName.level === 'variant') return 'first-name-differs';
  if (e.lastName.level === 'differs') return 'last-name-differs';
  if (e.company.level === 'differs') return 'company-differs';
  if (fields.filter((f) => f.level === 'typo').length > 1) return 'typos';
  return e.probability < autoMergeThreshold ? 'common-name' : null;
}

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
  if (!mayAgreeOnTwo(incoming, c.profile)) return {};
  const names = nameEvidence(incoming, c.profile, options.frequencies);
  if (agreeingFields(names) < 2 || names.probability < options.suggestThreshold) return {};
  const evidence: MatchEvidence = { leadId: c.leadId, rule: 'name-company', confidence: names.probability, names };
  const downgrade = nameDowngrade(names, options.autoMergeThreshold);
  if (downgrade) return { suggest: { ...evidence, downgradedBecause: downgrade } };
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
