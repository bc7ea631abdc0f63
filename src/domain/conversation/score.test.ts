import { describe, expect, it } from 'vitest';
import { conversationConfigSchema } from './conversation.schema.js';
import { scoreConversation } from './score.js';

const config = conversationConfigSchema.parse({});
const budget = { min: 40_000, max: 80_000, currency: 'PLN', period: null, approximate: false };

describe('scoreConversation', () => {
  it('adds the SPEC points: budget 20, timeline < 30 days 15, decision maker 25, questions 10, competitor 15', () => {
    const s = scoreConversation(
      { budget, timeline: { targetDate: '2026-12-07', withinDays: 14, label: 'within two weeks' }, decisionMaker: true, questionsAsked: 3, competitors: ['hubspot'] },
      config,
    );
    expect(s.points).toBe(85);
    expect(s.breakdown.map((l) => [l.rule, l.points])).toEqual([
      ['budget-mentioned', 20], ['timeline-soon', 15], ['decision-maker', 25], ['several-questions', 10], ['competitor-mentioned', 15],
    ]);
    expect(s.ruleSetVersion).toBe('conversation-rules-1');
  });

  it('gives nothing for a far timeline, an unknown decision maker or few questions', () => {
    const s = scoreConversation({ budget: null, timeline: { targetDate: '2027-06-30', withinDays: 219, label: 'Q2' }, decisionMaker: null, questionsAsked: 2, competitors: [] }, config);
    expect(s).toMatchObject({ points: 0, breakdown: [] });
  });

  it('reads points and thresholds from the config', () => {
    const custom = conversationConfigSchema.parse({ scoring: { decisionMaker: 40, severalQuestionsMin: 1 } });
    expect(scoreConversation({ budget: null, timeline: null, decisionMaker: true, questionsAsked: 1, competitors: [] }, custom).points).toBe(50);
  });
});
