import { conversionDecision, knownProfileFacts, type ConversationAnalysis, type ProfileFact, type ProfileSubmission, type ProfilingConfig } from '../../domain/conversation/index.js';
import type { Lead } from '../../domain/types.js';
import type { ConversationRecord } from '../../storage/ports.js';
import { personData } from './person.js';

/**
 * Progressive profiling on the person (SPEC §5), decided by the score stage from the lead, the
 * submission being processed and all of the person's conversations:
 *
 * - `data.profiling` — the qualification facts known so far and the interaction count;
 * - `data.qualified` — set once, when a conversion threshold is reached: when, why, and what was
 *   known. CRM sync reads it (`qualifiesForDeal`) and creates the deal; it is never unset, so a
 *   later, vaguer conversation does not take the opportunity back.
 */
export interface QualifiedMarker {
  at: number;
  reasons: string[];
  known: ProfileFact[];
  score: number | null;
  interactions: number;
  /** The conversation being processed when the lead converted, if any. */
  conversationId: string | null;
}

export interface ProfileProgress {
  profiling: { known: ProfileFact[]; interactions: number };
  qualified: QualifiedMarker | null;
  /** True on the run that converted the lead (its event says `qualified`). */
  convertedNow: boolean;
}

export function profileProgress(args: {
  lead: Lead;
  submission: Lead;
  conversations: readonly ConversationRecord[];
  score: number | null;
  now: number;
  config: ProfilingConfig;
}): ProfileProgress {
  const { lead, submission, conversations, score, now, config } = args;
  const data = personData(lead);
  const previous = data.profiling as { known?: string[] } | undefined;
  const known = knownProfileFacts({
    analyses: conversations.map((c) => c.analysis as ConversationAnalysis | null),
    submissions: [submissionFacts(lead), ...(submission.id === lead.id ? [] : [submissionFacts(submission)]), { company: data.fields?.company ?? null }],
    known: previous?.known ?? [],
  });
  const interactions = Math.max(data.interactionCount ?? 1, conversations.length);
  const profiling = { known, interactions };
  const already = (data.qualified as QualifiedMarker | undefined) ?? null;
  if (already) return { profiling, qualified: already, convertedNow: false };
  if ((data.quality as { blocksSync?: boolean } | undefined)?.blocksSync) return { profiling, qualified: null, convertedNow: false };
  const decision = conversionDecision({ known, score, interactions }, config);
  if (!decision.convert) return { profiling, qualified: null, convertedNow: false };
  const latest = (data.conversation as { id?: string } | undefined)?.id ?? null;
  return { profiling, qualified: { at: now, reasons: decision.reasons, known, score, interactions, conversationId: latest }, convertedNow: true };
}

/**
 * A submission's own words. A conversation's lead carries the visitor's first message as its
 * `message`; the conversation's analysis judges whether that states a need, so it is not counted twice.
 */
function submissionFacts(lead: Lead): ProfileSubmission {
  const fromConversation = typeof lead.input.custom?.conversationId === 'string';
  return {
    budget: lead.input.budget ?? null,
    timeline: lead.input.timeline ?? null,
    message: fromConversation ? null : (lead.input.message ?? null),
    product: lead.input.product ?? null,
    company: lead.input.company ?? null,
  };
}
