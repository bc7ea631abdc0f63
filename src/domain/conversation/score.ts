import type { ConversationConfig } from './conversation.schema.js';
import type { Budget } from './budget.js';
import type { Timeline } from './timeline.js';

/**
 * The conversation points of SPEC §6 (chatbot guide): budget mentioned +20, timeline under 30 days
 * +15, decision maker +25, several questions +10, competitor mentioned +15 — every number and
 * threshold from the config. The breakdown and the rule-set version go with the score, so the
 * scoring stage can add these points to the lead score and explain them.
 */

export type ConversationScoreRule = 'budget-mentioned' | 'timeline-soon' | 'decision-maker' | 'several-questions' | 'competitor-mentioned';

export interface ScoreLine {
  rule: ConversationScoreRule;
  points: number;
  detail: string;
}

export interface ConversationScore {
  points: number;
  breakdown: ScoreLine[];
  ruleSetVersion: string;
}

export interface ScoreFacts {
  budget: Budget | null;
  timeline: Timeline | null;
  decisionMaker: boolean | null;
  questionsAsked: number;
  competitors: readonly string[];
}

export function scoreConversation(facts: ScoreFacts, config: Pick<ConversationConfig, 'scoring' | 'ruleSetVersion'>): ConversationScore {
  const s = config.scoring;
  const lines: ScoreLine[] = [];
  if (facts.budget) lines.push({ rule: 'budget-mentioned', points: s.budgetMentioned, detail: `min=${facts.budget.min ?? '-'} max=${facts.budget.max ?? '-'} ${facts.budget.currency ?? ''}`.trim() });
  if (facts.timeline && facts.timeline.withinDays < s.timelineSoonDays) {
    lines.push({ rule: 'timeline-soon', points: s.timelineSoon, detail: `${facts.timeline.withinDays} days (${facts.timeline.label})` });
  }
  if (facts.decisionMaker === true) lines.push({ rule: 'decision-maker', points: s.decisionMaker, detail: 'stated' });
  if (facts.questionsAsked >= s.severalQuestionsMin) lines.push({ rule: 'several-questions', points: s.severalQuestions, detail: `${facts.questionsAsked} questions` });
  if (facts.competitors.length > 0) lines.push({ rule: 'competitor-mentioned', points: s.competitorMentioned, detail: facts.competitors.join(', ') });
  return { points: lines.reduce((sum, l) => sum + l.points, 0), breakdown: lines, ruleSetVersion: config.ruleSetVersion };
}
