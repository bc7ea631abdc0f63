import { channelAttribution, type ConversationAnalysis } from '../../domain/conversation/index.js';
import type { ConversationSignals } from '../../domain/scoring/index.js';
import type { ConversationRecord } from '../../storage/ports.js';

/**
 * What a person's chatbot conversations put on the lead, for the stages after score and the CRM
 * sync: `data.conversation` (the latest conversation's facts, with the CRM note once it ended),
 * `data.analysis` (its qualification and content analysis), `data.conversations` (count and
 * channel attribution across all of them). Written by the score stage under the lead's own lease,
 * from the conversation store — never by the API beside a running job.
 */

const ANALYSIS_FIELDS = [
  'language', 'intents', 'budget', 'timeline', 'decisionMaker', 'companySize', 'industry', 'competitors', 'products', 'questionsAsked',
  'questions', 'problems', 'objections', 'sentiment', 'isSpam', 'highIntent', 'keyTopics', 'nextBestAction', 'handoff', 'score',
] as const satisfies ReadonlyArray<keyof ConversationAnalysis>;

/**
 * The latest conversation's analysis on the lead. `intents` is always an array (`support` is what
 * the CRM side opens a case or ticket for, `churn` what alerts the owner); `conversationId` says
 * which conversation it describes, so an action taken on it can be keyed once per conversation.
 */
export type LeadAnalysis = Pick<ConversationAnalysis, (typeof ANALYSIS_FIELDS)[number]> & { conversationId: string };

export interface LeadConversation {
  id: string;
  channel: string;
  initialQuestion: string | null;
  startedAt: number;
  lastMessageAt: number | null;
  endedAt: number | null;
  durationMs: number;
  messageCount: number;
  responseTimes: Pick<ConversationAnalysis['timing'], 'botResponse' | 'agentResponse'> | null;
  /** The CRM note (SPEC §11 shape), set when the conversation ended. */
  note: string | null;
}

export interface ConversationData {
  conversation: LeadConversation;
  analysis: LeadAnalysis | null;
  conversations: { count: number; channels: ReturnType<typeof channelAttribution> };
}

const lastActivity = (c: ConversationRecord) => c.lastMessageAt ?? c.startedAt;
const visitorSpoke = (c: ConversationRecord) => ((c.analysis as ConversationAnalysis | null)?.timing.messages.user ?? 0) > 0;

export function conversationData(records: readonly ConversationRecord[]): ConversationData | null {
  if (records.length === 0) return null;
  // The latest conversation the visitor wrote in: a widget opened and left silent says nothing
  // about the person and must not blank the intents an earlier conversation carried.
  const spoken = records.filter(visitorSpoke);
  const latest = (spoken.length > 0 ? spoken : records).reduce((a, b) => (lastActivity(b) >= lastActivity(a) ? b : a));
  const full = latest.analysis as ConversationAnalysis | null;
  const analysis = full ? ({ ...Object.fromEntries(ANALYSIS_FIELDS.map((f) => [f, full[f]])), intents: full.intents ?? [], conversationId: latest.id } as LeadAnalysis) : null;
  return {
    conversation: {
      id: latest.id,
      channel: latest.channel,
      initialQuestion: full?.questions[0] ?? null,
      startedAt: latest.startedAt,
      lastMessageAt: latest.lastMessageAt,
      endedAt: latest.endedAt,
      durationMs: full?.timing.durationMs ?? 0,
      messageCount: latest.messageCount,
      responseTimes: full ? { botResponse: full.timing.botResponse, agentResponse: full.timing.agentResponse } : null,
      note: latest.status === 'ended' && full ? full.note : null,
    },
    analysis,
    conversations: {
      count: records.length,
      channels: channelAttribution(
        records.map((c) => ({ channel: c.channel, startedAt: c.startedAt, userMessages: (c.analysis as ConversationAnalysis | null)?.timing.messages.user ?? 0 })),
      ),
    },
  };
}

/** The scoring signals (SPEC §6 conversation points) from `data.analysis`, as the rules read them. */
export function conversationSignals(data: Record<string, unknown>): ConversationSignals | null {
  const a = data.analysis as LeadAnalysis | undefined | null;
  if (!a || a.isSpam) return null;
  return {
    budgetMentioned: a.budget !== null,
    timelineDays: a.timeline?.withinDays ?? null,
    decisionMaker: a.decisionMaker,
    questionsCount: a.questionsAsked,
    competitors: a.competitors,
    products: a.products,
    companySize: a.companySize?.employees ?? null,
    industry: a.industry,
    sentiment: a.sentiment,
  };
}
