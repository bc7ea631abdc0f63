import type { ScoringConfig, SegmentAction } from './scoring.schema.js';
import type { ScoreResult } from './score-lead.js';

/**
 * What happens between two scores of one lead: the history entry to append and, when the segment
 * changed, the event the actions subscribe to. Entering a higher segment carries that segment's
 * actions (hot → create deal, notify now); a first score counts as entering its segment; falling
 * to a lower segment is reported but triggers nothing.
 */
export interface ScoreHistoryEntry {
  score: number;
  segment: string;
  ruleSetVersion: string;
  at: number;
}

export interface SegmentChange {
  type: 'segment-changed';
  from: string | null;
  to: string;
  direction: 'up' | 'down';
  fromScore: number | null;
  toScore: number;
  actions: SegmentAction[];
}

export function detectSegmentChange(
  previous: Pick<ScoreResult, 'score' | 'segment'> | null,
  next: ScoreResult,
  segments: ScoringConfig['segments'],
): SegmentChange | null {
  if (previous && previous.segment === next.segment) return null;
  const rank = (name: string): number => segments.findIndex((s) => s.name === name);
  // A previous segment no longer configured ranks -1, so any current one is "up" from it.
  const direction = previous === null || rank(next.segment) > rank(previous.segment) ? 'up' : 'down';
  return {
    type: 'segment-changed',
    from: previous?.segment ?? null,
    to: next.segment,
    direction,
    fromScore: previous?.score ?? null,
    toScore: next.score,
    actions: direction === 'up' ? [...next.actions] : [],
  };
}

/** Appends a score to a lead's history, keeping the newest `limit` entries; unchanged rescores are not repeated. */
export function appendScoreHistory(history: readonly ScoreHistoryEntry[], result: ScoreResult, limit = 100): ScoreHistoryEntry[] {
  const last = history[history.length - 1];
  if (last && last.score === result.score && last.segment === result.segment && last.ruleSetVersion === result.ruleSetVersion) {
    return [...history];
  }
  const entry = { score: result.score, segment: result.segment, ruleSetVersion: result.ruleSetVersion, at: result.scoredAt };
  return [...history, entry].slice(-limit);
}
