import { describe, expect, it } from 'vitest';
import { channelAttribution } from './channels.js';
import { conversationTiming, isInactive } from './timing.js';
import type { ConversationMessage } from './transcript.js';

const T0 = Date.UTC(2026, 10, 23, 9);
const m = (id: string, role: ConversationMessage['role'], sec: number): ConversationMessage => ({ id, role, text: id, at: T0 + sec * 1000 });

describe('conversationTiming', () => {
  it('gives first contact, last interaction, duration and bot/agent response times', () => {
    const t = conversationTiming([m('u1', 'user', 0), m('b1', 'bot', 2), m('u2', 'user', 10), m('u3', 'user', 20), m('b2', 'bot', 24), m('u4', 'user', 60), m('a1', 'agent', 180)]);
    expect(t.firstContactAt).toBe(T0);
    expect(t.lastInteractionAt).toBe(T0 + 180_000);
    expect(t.durationMs).toBe(180_000);
    expect(t.messages).toEqual({ user: 4, bot: 2, agent: 1 });
    expect(t.botResponse).toEqual({ count: 2, averageMs: 8000, medianMs: 8000, maxMs: 14_000, firstMs: 2000 });
    expect(t.agentResponse).toMatchObject({ count: 1, firstMs: 180_000 });
  });

  it('handles an empty conversation', () => {
    expect(conversationTiming([])).toMatchObject({ firstContactAt: null, durationMs: 0, botResponse: { count: 0, averageMs: null } });
  });

  it('ends a conversation after the inactivity timeout', () => {
    expect(isInactive(T0, T0 + 30 * 60_000, 30)).toBe(true);
    expect(isInactive(T0, T0 + 29 * 60_000, 30)).toBe(false);
  });
});

describe('channelAttribution', () => {
  it('keeps first, last, all channels and the preferred one (most messages)', () => {
    expect(
      channelAttribution([
        { channel: 'whatsapp', startedAt: 3, userMessages: 9 },
        { channel: 'webchat', startedAt: 1, userMessages: 4 },
        { channel: 'sms', startedAt: 5, userMessages: 1 },
      ]),
    ).toEqual({ first: 'webchat', last: 'sms', all: ['webchat', 'whatsapp', 'sms'], preferred: 'whatsapp' });
    expect(channelAttribution([])).toBeNull();
  });
});
