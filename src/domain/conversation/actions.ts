import type { ConversationAnalysis, Handoff, HandoffReason } from './analysis.js';
import type { ConversationConfig, Intent } from './conversation.schema.js';
import { BOT_FALLBACK_PHRASES, HANDOFF_PHRASES } from './lexicon.js';
import { fold, hasPhrase } from './text.js';
import type { ConversationMessage } from './transcript.js';

/**
 * Signals → actions. Two pure answers for the pipeline (what the CRM does with an analysed
 * conversation — deal, case or ticket, churn alert — is decided by the stages: the sync plan and
 * the score stage's profiling and churn steps):
 *
 * - `handoffDecision`: whether a person should take over the chat now, and why.
 * - `realtimeEvents`: what changed between two analyses of a growing conversation, each event
 *   raised once (an email appearing → find or create the lead now; a buying signal → deal now).
 */

export function handoffDecision(
  messages: readonly ConversationMessage[],
  facts: Pick<ConversationAnalysis, 'intents'> & { negativeStreak: number },
  config: Pick<ConversationConfig, 'handoff' | 'extraKeywords'>,
): Handoff {
  const reasons: HandoffReason[] = [];
  const asksHuman = [...HANDOFF_PHRASES, ...config.extraKeywords.handoff];
  if (messages.some((m) => m.role === 'user' && hasPhrase(fold(m.text), asksHuman))) reasons.push('asked-for-human');
  if (facts.negativeStreak >= config.handoff.negativeStreak) reasons.push('negative-sentiment');
  const fallbacks = messages.filter((m) => m.role === 'bot' && hasPhrase(fold(m.text), [...BOT_FALLBACK_PHRASES, ...config.handoff.botFallbackPhrases])).length;
  if (fallbacks >= config.handoff.botFallbacks) reasons.push('bot-fallbacks');
  for (const intent of facts.intents) if (config.handoff.onIntents.includes(intent)) reasons.push(`intent:${intent}`);
  // Once an agent has joined, the hand-off has happened.
  const agentJoined = messages.some((m) => m.role === 'agent');
  return { required: reasons.length > 0 && !agentJoined, reasons };
}

export type RealtimeEvent =
  | { type: 'contact-identified'; field: 'email' | 'phone'; value: string }
  | { type: 'buying-signal'; intents: Intent[]; points: number }
  | { type: 'support-issue' }
  | { type: 'churn-signal' }
  | { type: 'handoff-requested'; reasons: HandoffReason[] };

type EventFacts = Pick<ConversationAnalysis, 'contact' | 'highIntent' | 'intents' | 'score' | 'handoff' | 'isSpam'>;

export function realtimeEvents(before: EventFacts | null, after: EventFacts): RealtimeEvent[] {
  if (after.isSpam) return [];
  const events: RealtimeEvent[] = [];
  for (const field of ['email', 'phone'] as const) {
    const value = after.contact[field];
    if (value && value !== before?.contact[field]) events.push({ type: 'contact-identified', field, value });
  }
  if (after.highIntent && !before?.highIntent) events.push({ type: 'buying-signal', intents: after.intents, points: after.score.points });
  if (after.intents.includes('support') && !before?.intents.includes('support')) events.push({ type: 'support-issue' });
  if (after.intents.includes('churn') && !before?.intents.includes('churn')) events.push({ type: 'churn-signal' });
  if (after.handoff.required && !before?.handoff.required) events.push({ type: 'handoff-requested', reasons: after.handoff.reasons });
  return events;
}
