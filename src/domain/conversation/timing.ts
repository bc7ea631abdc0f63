import type { ConversationMessage } from './transcript.js';

/**
 * Conversation timestamps for the CRM: first contact, last interaction, total duration, message
 * counts and response times. A response time is measured from a visitor message to the first bot
 * or agent reply after it; a visitor message that gets no reply is left out.
 */

export interface ResponseTimes {
  count: number;
  averageMs: number | null;
  medianMs: number | null;
  maxMs: number | null;
  /** The first reply of this kind to the visitor. */
  firstMs: number | null;
}

export interface ConversationTiming {
  firstContactAt: number | null;
  lastInteractionAt: number | null;
  durationMs: number;
  messages: { user: number; bot: number; agent: number };
  botResponse: ResponseTimes;
  agentResponse: ResponseTimes;
}

function summarize(samples: number[]): ResponseTimes {
  if (samples.length === 0) return { count: 0, averageMs: null, medianMs: null, maxMs: null, firstMs: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    count: samples.length,
    averageMs: Math.round(samples.reduce((a, b) => a + b, 0) / samples.length),
    medianMs: median,
    maxMs: sorted[sorted.length - 1] ?? null,
    firstMs: samples[0] ?? null,
  };
}

export function conversationTiming(messages: readonly ConversationMessage[]): ConversationTiming {
  const counts = { user: 0, bot: 0, agent: 0 };
  const bot: number[] = [];
  const agent: number[] = [];
  // The earliest visitor message still waiting for a reply of each kind.
  let waitingBot: number | null = null;
  let waitingAgent: number | null = null;
  for (const m of messages) {
    counts[m.role]++;
    if (m.role === 'user') {
      waitingBot ??= m.at;
      waitingAgent ??= m.at;
    } else if (m.role === 'bot' && waitingBot !== null) {
      bot.push(m.at - waitingBot);
      waitingBot = null;
    } else if (m.role === 'agent' && waitingAgent !== null) {
      agent.push(m.at - waitingAgent);
      waitingAgent = null;
      waitingBot = null;
    }
  }
  const first = messages[0]?.at ?? null;
  const last = messages[messages.length - 1]?.at ?? null;
  return {
    firstContactAt: first,
    lastInteractionAt: last,
    durationMs: first !== null && last !== null ? last - first : 0,
    messages: counts,
    botResponse: summarize(bot),
    agentResponse: summarize(agent),
  };
}

/** The conversation is over by inactivity when nothing was said for the configured minutes. */
export function isInactive(lastInteractionAt: number | null, now: number, timeoutMinutes: number): boolean {
  return lastInteractionAt !== null && now - lastInteractionAt >= timeoutMinutes * 60_000;
}
