import { evaluateCondition, type Facts } from './condition.js';
import type { ScoreCategory, ScoringConfig, SegmentAction } from './scoring.schema.js';

/**
 * Scores a lead's facts with one rule set. Pure: the same facts, config and `now` always give the
 * same result, which is what lets every stored score be explained and re-computed.
 */
export interface ScoreLine {
  /** A rule id, or `cap:<category>` for the points a category cap removed. */
  ruleId: string;
  label: string;
  category: ScoreCategory;
  points: number;
}

export interface ScoreResult {
  score: number;
  segment: string;
  /** The actions of `segment` (what to do while a lead is in it). */
  actions: SegmentAction[];
  breakdown: ScoreLine[];
  categories: Record<ScoreCategory, number>;
  ruleSetVersion: string;
  scoredAt: number;
}

export function segmentFor(score: number, segments: ScoringConfig['segments']): ScoringConfig['segments'][number] {
  let found = segments[0];
  for (const s of segments) if (score >= s.min) found = s;
  if (!found) throw new Error('scoring config has no segments'); // the schema requires one
  return found;
}

export function scoreLead(facts: Facts, config: ScoringConfig, now: number): ScoreResult {
  const breakdown: ScoreLine[] = [];
  const categories: Record<ScoreCategory, number> = { fit: 0, intent: 0, behaviour: 0, dataQuality: 0 };
  for (const rule of config.rules) {
    if (!evaluateCondition(rule.when, facts, now)) continue;
    breakdown.push({ ruleId: rule.id, label: rule.label ?? rule.id, category: rule.category, points: rule.points });
    categories[rule.category] += rule.points;
  }
  for (const [category, cap] of Object.entries(config.categoryCaps) as [ScoreCategory, number | undefined][]) {
    if (cap === undefined || categories[category] <= cap) continue;
    breakdown.push({ ruleId: `cap:${category}`, label: `${category} capped at ${cap}`, category, points: cap - categories[category] });
    categories[category] = cap;
  }
  const raw = categories.fit + categories.intent + categories.behaviour + categories.dataQuality;
  const score = Math.min(config.clamp.max, Math.max(config.clamp.min, raw));
  const segment = segmentFor(score, config.segments);
  return {
    score,
    segment: segment.name,
    actions: [...segment.actions],
    breakdown,
    categories,
    ruleSetVersion: config.version,
    scoredAt: now,
  };
}
