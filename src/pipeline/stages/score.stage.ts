import type { Config } from '../../config/loader.js';
import { spread } from '../../lib/spread.js';
import { appendScoreHistory, detectSegmentChange, scoreLead, type ScoreHistoryEntry } from '../../domain/scoring/index.js';
import type { ConversationStore, LeadStore } from '../../storage/ports.js';
import { conversationData } from './conversation-data.js';
import type { Stage } from '../stage.js';
import { factsOf } from './facts.js';
import { personData } from './person.js';
import { churnSignal } from './churn-signal.js';
import { profileProgress } from './profiling.js';

/**
 * score: the configured rule set over the lead's facts → score, segment, breakdown and rule-set
 * version, kept with a bounded history; crossing into another segment is recorded with its actions.
 * It also records progressive profiling (`data.profiling`, `data.qualified` — the event is then
 * `qualified`) and schedules the churn alert step (profiling.ts, churn-signal.ts).
 */
export function scoreStage(
  config: Pick<Config, 'scoring' | 'conversations'>,
  events: Pick<LeadStore, 'listActivities'> & Partial<Pick<ConversationStore, 'leadConversations'>>,
): Stage {
  return {
    name: 'score',
    async run({ lead: stored, submission, now }) {
      // Behaviour recorded through POST /v1/leads/:id/events (pricing views, meetings, contacts).
      const activities = await events.listActivities(stored.id);
      // The person's chatbot conversations, as they stand now, put on the lead before scoring.
      const records = (await events.leadConversations?.(stored.id)) ?? [];
      const chats = conversationData(records);
      const lead = chats ? { ...stored, data: { ...stored.data, ...chats } } : stored;
      const result = scoreLead(factsOf(lead, activities), config.scoring, now);
      const data = personData(lead);
      const previous = lead.score === null || lead.segment === null ? null : { score: lead.score, segment: lead.segment };
      const change = detectSegmentChange(previous, result, config.scoring.segments);
      const history = appendScoreHistory((data.scoreHistory as ScoreHistoryEntry[] | undefined) ?? [], result);
      // Progressive profiling and the churn signal ride on this stage: it alone sees the conversations.
      const progress = profileProgress({ lead, submission, conversations: records, score: result.score, now, config: config.conversations.profiling });
      const churn = churnSignal(lead, now);
      return {
        patch: {
          score: result.score,
          segment: result.segment,
          data: spread(data, {
            scoring: { breakdown: result.breakdown, categories: result.categories, ruleSetVersion: result.ruleSetVersion, actions: result.actions },
            scoreHistory: history,
            profiling: progress.profiling,
            ...(progress.qualified ? { qualified: progress.qualified } : {}),
            ...(churn ? { churnSignal: churn.state } : {}),
          }),
        },
        ...(progress.convertedNow ? { status: 'qualified' } : {}),
        ...(churn ? { schedule: [churn.step] } : {}),
        detail: {
          score: result.score,
          segment: result.segment,
          ruleSetVersion: result.ruleSetVersion,
          breakdown: result.breakdown,
          ...(change ? { segmentChange: change } : {}),
          ...(progress.convertedNow ? { qualified: progress.qualified } : {}),
          ...(churn ? { churnSignal: { conversationId: churn.state.conversationId, action: churn.state.active ? 'raise' : 'resolve' } } : {}),
        },
      };
    },
  };
}
