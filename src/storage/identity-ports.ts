import type { LeadState } from '../domain/types.js';
import type { ConsentRecord } from '../domain/quality/index.js';
import type { Job } from './ports.js';

/**
 * The identity ledger's port (part of `Store`, re-exported by ports.ts): who a submission is,
 * merge suggestions, behaviour events and consents.
 */

/** A lead the identity ledger found for a submission's keys, oldest first. */
export interface LedgerCandidate {
  leadId: string;
  /**
   * What matching reads of the lead. The ledger may hand back the same object for as long as the
   * lead's identity profile is unchanged, so callers can keep what they derive from it by object:
   * read it, never mutate it.
   */
  state: LeadState;
  createdAt: number;
}

/**
 * The keys a submission claims: exact identity keys (one lead each), fuzzy blocking keys, and the
 * name-frequency keys counted once when it becomes a new person (`frequencyKeys` in domain/quality).
 */
export interface IdentityClaim {
  identityKeys: string[];
  blockingKeys: string[];
  frequencyKeys: string[];
  /**
   * The lead as the job has it at this stage. A new person's identity profile is stored from it
   * with the keys: the leads those keys send here read what this one was matched on, though the
   * job's own checkpoint comes later.
   */
  person: LeadState;
}

/**
 * Reads the ledger's name-frequency counts for these keys, in one query; keys never counted are
 * left out (count 0). Given to `decide` so it reads exactly the values it compares.
 */
export type FrequencyReader = (keys: readonly string[]) => ReadonlyMap<string, number>;

export interface SuggestionPlan {
  candidateId: string;
  rule: string;
  confidence: number;
  evidence: Record<string, unknown>;
}

/** What the dedupe stage decided, given the candidates. */
export type DedupePlan =
  | { action: 'new'; suggestions: SuggestionPlan[] }
  | { action: 'merge'; into: string; detail: Record<string, unknown> };

export type DedupeOutcome =
  | { action: 'new'; suggestionIds: string[] }
  /** `detail`: the rule, confidence and shared keys, for the stage's `merged-into` event. */
  | { action: 'merge'; into: string; detail: Record<string, unknown> }
  /** A re-run after a crash: this lead was merged already. */
  | { action: 'already-merged'; into: string };

export interface MergeSuggestion {
  id: string;
  leadId: string;
  candidateId: string;
  rule: string;
  confidence: number;
  evidence: Record<string, unknown>;
  status: 'open' | 'accepted' | 'rejected';
  createdAt: number;
  decidedAt: number | null;
}

export type SuggestionDecision =
  | { outcome: 'accepted'; into: string }
  | { outcome: 'rejected' }
  | { outcome: 'not-found' }
  | { outcome: 'already-decided'; status: string }
  | { outcome: 'stale'; reason: string };

/**
 * The identity ledger: normalized keys → the lead (person) that owns them, and how many people
 * carry each folded name and company. `resolveIdentity` finds the candidates for a submission,
 * asks `decide` (pure, given the candidates and a reader of the name frequencies) and applies its
 * plan in one atomic step, so two submissions of one new person racing through two workers still
 * make one lead; a new person's frequency keys are counted in that same step, once per lead.
 *
 * A merge never edits the surviving lead's state from the merged lead's job (that would race the
 * survivor's own job): it marks the submission merged, hands its keys to the survivor and enqueues
 * a job *of the survivor* that carries the submission (`submissionId`) from the dedupe stage on,
 * where the field-level merge happens under the survivor's own lease. The submission's own
 * `merged-into` event is the dedupe stage's, committed with the job's checkpoint after the events
 * of the stages before it (a merge decided on a suggestion writes it here).
 *
 * The job's stages before dedupe are not committed before this write: a crash re-runs them, and
 * the decision is replayed (`already-merged`, or the same keys claimed again).
 */
export interface IdentityLedger {
  resolveIdentity(
    job: Job,
    owner: string,
    claim: IdentityClaim,
    decide: (candidates: LedgerCandidate[], frequencies: FrequencyReader) => DedupePlan,
  ): Promise<DedupeOutcome>;
  listMergeSuggestions(filter: { status?: MergeSuggestion['status']; before?: string; limit: number }): Promise<MergeSuggestion[]>;
  /** Accept (merge the suggestion's lead into its candidate) or reject a suggestion. */
  decideSuggestion(id: string, accept: boolean): Promise<SuggestionDecision>;
  /** A behaviour event (`contacted`, `meeting_booked`…) on a person's timeline, and a re-scoring job. */
  recordActivity(leadId: string, activity: { type: string; at: number; detail: Record<string, unknown> }): Promise<{ eventId: string }>;
  /** The consent log of a person: its own records and those of leads merged into it, oldest first. */
  listConsents(leadId: string): Promise<ConsentRecord[]>;
  appendConsents(leadId: string, records: ConsentRecord[]): Promise<void>;
}
