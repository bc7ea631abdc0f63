import { describe, expect, it } from 'vitest';
import { conversationConfigSchema } from './conversation.schema.js';
import { conversationSentiment, scoreSentiment } from './sentiment.js';
import { screenConversation } from './spam.js';

const config = conversationConfigSchema.parse({});

describe('sentiment', () => {
  it.each([
    ['Super, dziękuję, to brzmi świetnie!', 'positive'],
    ['This is terrible, still not working, I am so frustrated', 'negative'],
    ['Fatalnie, znowu nie działa', 'negative'],
    ['What is the price?', 'neutral'],
    ['I am not happy with this', 'negative'],
  ])('%s → %s', (text, sentiment) => {
    expect(scoreSentiment(text, 0.25).sentiment).toBe(sentiment);
  });

  it('tracks the negative streak and the closing mood', () => {
    const s = conversationSentiment(['hello', 'this is terrible', 'useless, again broken', 'ok thanks, great'], config);
    expect(s).toEqual({ sentiment: 'negative', negativeStreak: 2, last: 'positive' });
  });
});

describe('screenConversation', () => {
  it('flags link stuffing with spam vocabulary', () => {
    const r = screenConversation(['Best SEO services! http://a.io http://b.io http://c.io'], config);
    expect(r).toEqual({ isSpam: true, signals: ['links', 'spam-words'] });
  });

  it('flags two offers of spam vocabulary on their own', () => {
    expect(screenConversation(['Oferujemy pozycjonowanie i kryptowaluty'], config).isSpam).toBe(true);
  });

  it('lets a prospect with one link through', () => {
    expect(screenConversation(['Our site is https://acme.pl, we need a chatbot'], config)).toEqual({ isSpam: false, signals: [] });
  });
});
