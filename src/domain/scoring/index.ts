/**
 * Lead scoring (issue 4, SPEC §6): a versioned rule table over a lead's facts → score, segment,
 * breakdown. Also home of the condition language and the lead facts that routing and follow-up
 * rules share. Pure: no I/O, time is an argument.
 */
export { conditionSchema, FIELD_OPERATORS } from './condition.schema.js';
export type { Condition, Bounds, Scalar } from './condition.schema.js';
export { evaluateCondition, conditionFields, readField, withinBounds } from './condition.js';
export type { Facts } from './condition.js';
export { buildLeadFacts, withScore, summarizeBehaviour } from './lead-facts.js';
export type { BehaviourEvent, BehaviourSummary, ConversationSignals, FactsLead, FactsExtras } from './lead-facts.js';
export { scoringConfigSchema, scoringRuleSchema, segmentSchema, SCORE_CATEGORIES, SEGMENT_ACTIONS } from './scoring.schema.js';
export type { ScoringConfig, ScoringConfigInput, ScoringRule, ScoringRuleInput, ScoreCategory, SegmentAction } from './scoring.schema.js';
export { DEFAULT_SCORING_RULES } from './default-rules.js';
export { idSchema, reportDuplicateIds } from './config-ids.js';
export { scoreLead, segmentFor } from './score-lead.js';
export type { ScoreResult, ScoreLine } from './score-lead.js';
export { detectSegmentChange, appendScoreHistory } from './score-history.js';
export type { SegmentChange, ScoreHistoryEntry } from './score-history.js';
