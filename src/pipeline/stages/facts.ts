import { buildLeadFacts, type BehaviourEvent, type Facts } from '../../domain/scoring/index.js';
import type { Lead } from '../../domain/types.js';
import { conversationSignals } from './conversation-data.js';
import { personData } from './person.js';

/**
 * The facts scoring and routing rules read: the intake fields overlaid by the normalized ones
 * (`email`, `phone`, `company`… as validate stored them), flags, enrichment, the interaction count
 * and the conversation signals of `data.analysis` (`conversation.*`).
 */
export function factsOf(lead: Lead, events: readonly BehaviourEvent[] = []): Facts {
  const data = personData(lead);
  return buildLeadFacts(
    { sourceId: lead.sourceId, input: lead.input, data, fields: data.fields, flags: lead.flags, score: lead.score, segment: lead.segment },
    {
      events,
      conversation: conversationSignals(data),
      enrichment: (data.enrichment as Record<string, unknown> | undefined) ?? null,
      interactions: { count: data.interactionCount ?? 1, previousAt: null },
    },
  );
}
