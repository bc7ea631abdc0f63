import { describe, expect, it } from 'vitest';
import { appendMessages, previousReply, transcriptSchema, type ConversationMessage } from './transcript.js';

const msg = (id: string, at: number, role: ConversationMessage['role'] = 'user', text = id): ConversationMessage => ({ id, role, text, at });

describe('transcriptSchema', () => {
  it('reads a one-shot body with ISO and epoch timestamps, ordering by time and naming missing ids', () => {
    const t = transcriptSchema.parse({
      channel: 'webchat',
      visitor: { email: 'anna@acme.pl' },
      messages: [
        { role: 'user', text: 'second', timestamp: '2026-03-02T10:00:05Z' },
        { id: 'b1', role: 'bot', text: 'first', timestamp: Date.UTC(2026, 2, 2, 10, 0, 0) },
      ],
    });
    expect(t.messages.map((m) => m.id)).toEqual(['b1', 'm1']);
    expect(t.messages[1]?.at).toBe(Date.UTC(2026, 2, 2, 10, 0, 5));
    expect(t.hints.email).toBe('anna@acme.pl');
  });

  it('rejects unknown roles and channels that are not slugs', () => {
    expect(transcriptSchema.safeParse({ channel: 'webchat', messages: [{ role: 'system', text: 'x', timestamp: 1 }] }).success).toBe(false);
    expect(transcriptSchema.safeParse({ channel: 'Web Chat', messages: [] }).success).toBe(false);
  });
});

describe('appendMessages', () => {
  it('stores a message id once and reports the repeat (idempotent batches)', () => {
    const first = appendMessages([], [msg('a', 1), msg('b', 2)]);
    const again = appendMessages(first.messages, [msg('b', 2), msg('c', 3), msg('c', 3)]);
    expect(again.messages.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(again.added.map((m) => m.id)).toEqual(['c']);
    expect(again.duplicateIds).toEqual(['b', 'c']);
  });

  it('places a late message in time order', () => {
    const r = appendMessages([msg('a', 1), msg('c', 3)], [msg('b', 2)]);
    expect(r.messages.map((m) => m.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('previousReply', () => {
  it('is the bot message right before a user message, and null after another user message', () => {
    const messages = [msg('q', 1, 'bot'), msg('a1', 2), msg('a2', 3)];
    expect(previousReply(messages, 1)?.id).toBe('q');
    expect(previousReply(messages, 2)).toBeNull();
  });
});
