import type { ChannelHistory } from '../quality/touches.js';

/**
 * Multichannel attribution across a person's conversations: first, last and all channels used
 * (the `ChannelHistory` of lead quality), plus the preferred channel — the one the person wrote the
 * most messages in, the most recent on a tie. (Progressive profiling: pipeline/stages/profiling.ts.)
 */

export interface ConversationSummary {
  channel: string;
  startedAt: number;
  userMessages: number;
}

export interface ChannelAttribution extends ChannelHistory {
  preferred: string;
}

export function channelAttribution(conversations: readonly ConversationSummary[]): ChannelAttribution | null {
  const ordered = [...conversations].sort((a, b) => a.startedAt - b.startedAt);
  const first = ordered[0];
  const last = ordered[ordered.length - 1];
  if (!first || !last) return null;
  const all: string[] = [];
  const weight = new Map<string, { messages: number; lastAt: number }>();
  for (const c of ordered) {
    if (!all.includes(c.channel)) all.push(c.channel);
    const w = weight.get(c.channel) ?? { messages: 0, lastAt: 0 };
    weight.set(c.channel, { messages: w.messages + c.userMessages, lastAt: Math.max(w.lastAt, c.startedAt) });
  }
  const preferred = [...weight.entries()].sort((a, b) => b[1].messages - a[1].messages || b[1].lastAt - a[1].lastAt)[0]?.[0] ?? last.channel;
  return { first: first.channel, last: last.channel, all, preferred };
}
