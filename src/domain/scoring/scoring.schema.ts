import { z } from 'zod';
import { conditionSchema } from './condition.schema.js';
import { idSchema as slug, reportDuplicateIds } from './config-ids.js';
import { DEFAULT_SCORING_RULES } from './default-rules.js';

/**
 * The `scoring` config section. `version` names the rule set and is stored with every score, so a
 * score can always be explained by the rules that produced it: bump it whenever `rules` change.
 * `scoringConfigSchema.parse({})` gives SPEC §6's defaults (rules, cold 0–39, warm 40–69, hot 70+).
 */
export const SCORE_CATEGORIES = ['fit', 'intent', 'behaviour', 'dataQuality'] as const;
export type ScoreCategory = (typeof SCORE_CATEGORIES)[number];

/** What a segment asks the pipeline to do when a lead enters it. */
export const SEGMENT_ACTIONS = ['create-deal', 'notify-now', 'create-task', 'nurture', 'notify-digest'] as const;
export type SegmentAction = (typeof SEGMENT_ACTIONS)[number];

export const scoringRuleSchema = z
  .object({
    id: slug,
    category: z.enum(SCORE_CATEGORIES),
    label: z.string().min(1).optional().describe('what a sales person reads in the breakdown; defaults to the id'),
    when: conditionSchema,
    points: z.number().int().min(-1000).max(1000),
  })
  .strict();

export const segmentSchema = z
  .object({
    name: slug,
    min: z.number().int().describe('lowest score in this segment; the segment runs up to the next one\'s min'),
    actions: z.array(z.enum(SEGMENT_ACTIONS)).default([]),
  })
  .strict();

const DEFAULT_SEGMENTS = [
  { name: 'cold', min: 0, actions: ['nurture'] },
  { name: 'warm', min: 40, actions: ['create-task'] },
  { name: 'hot', min: 70, actions: ['create-deal', 'notify-now', 'create-task'] },
] satisfies z.input<typeof segmentSchema>[];

export const scoringConfigSchema = z
  .object({
    version: z.string().min(1).max(64).default('default-1').describe('the rule-set version stored with every score'),
    rules: z.array(scoringRuleSchema).prefault(() => [...DEFAULT_SCORING_RULES]),
    segments: z.array(segmentSchema).min(1).prefault(() => DEFAULT_SEGMENTS.map((s) => ({ ...s, actions: [...s.actions] }))).describe('in ascending order of `min`'),
    categoryCaps: z
      .partialRecord(z.enum(SCORE_CATEGORIES), z.number().int().min(0))
      .default({})
      .describe('most points one category may add'),
    clamp: z
      .object({ min: z.number().int().default(0), max: z.number().int().default(100) })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((c, ctx) => {
    reportDuplicateIds(c.rules, ['rules'], ctx);
    c.segments.forEach((s, i) => {
      const prev = c.segments[i - 1];
      if (prev && s.min <= prev.min) ctx.addIssue({ code: 'custom', message: 'segments must ascend by `min`', path: ['segments', i, 'min'] });
    });
    if (c.clamp.min > c.clamp.max) ctx.addIssue({ code: 'custom', message: 'clamp.min exceeds clamp.max', path: ['clamp'] });
  });

export type ScoringRuleInput = z.input<typeof scoringRuleSchema>;
export type ScoringRule = z.output<typeof scoringRuleSchema>;
export type ScoringConfig = z.output<typeof scoringConfigSchema>;
export type ScoringConfigInput = z.input<typeof scoringConfigSchema>;
