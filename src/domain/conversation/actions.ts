import type { ConversationAnalysis, Handoff, HandoffReason } from './analysis.js';
import type { ConversationConfig, Intent } from './conversation.schema.js';
import { BOT_FALLBACK_PHRASES, HANDOFF_PHRASES } from './lexicon.js';
import { fold, hasPhrase } from './text.js';
import type { ConversationMessage } from './transcript.js';

/**
 * Signals → actions. Three pure answers for the pipeline:
 *
 * - `handoffDecision`: whether a person should take over the chat now, and why.
 * - `planCrmActions`: what the CRM stages should do with an analysed conversation (SPEC §9–§11:
 *   high intent → deal/opportunity + notify sales; support → Case in Salesforce, a ticket or task
 *   elsewhere — the connector decides; churn → alert the account owner). Not a second sync path:
 *   the actions are requests the scoring / follow-up / CRM stages carry out.
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

export type CrmAction =
  | { type: 'upsert-contact' }
  | { type: 'attach-note'; note: string }
  | { type: 'create-opportunity'; amount: number | null; currency: string | null; reason: string }
  | { type: 'notify-sales'; reason: string }
  | { type: 'create-case'; subject: string }
  | { type: 'alert-owner'; reason: 'churn' };

export function planCrmActions(a: ConversationAnalysis, opts: { profilingStep?: 'create' | 'update' | 'convert' } = {}): CrmAction[] {
  if (a.isSpam || a.testData) return [];
  const actions: CrmAction[] = [];
  const reachable = a.contact.email !== null || a.contact.phone !== null;
  if (reachable) actions.push({ type: 'upsert-contact' }, { type: 'attach-note', note: a.note });
  const has = (i: Intent) => a.intents.includes(i);
  if (a.highIntent || opts.profilingStep === 'convert') {
    const reason = a.highIntent ? `intent=${a.intents.join('+') || 'score'}, points=${a.score.points}` : 'progressive-profiling';
    actions.push({ type: 'create-opportunity', amount: a.budget?.max ?? a.budget?.min ?? null, currency: a.budget?.currency ?? null, reason });
    if (a.highIntent) actions.push({ type: 'notify-sales', reason });
  }
  if (has('support')) actions.push({ type: 'create-case', subject: a.questions[0] ?? a.problems[0] ?? 'Support request from chat' });
  if (has('churn')) actions.push({ type: 'alert-owner', reason: 'churn' });
  return actions;
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
