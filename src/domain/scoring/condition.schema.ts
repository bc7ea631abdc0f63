import { z } from 'zod';

/**
 * The condition language shared by scoring rules, routing rules and follow-up plans. A condition
 * is either a combinator (`all`, `any`, `not`) or one test of one field of the lead's facts:
 *
 *   { field: country, in: [PL, CZ] }                 { field: conversation.timelineDays, range: { lt: 30 } }
 *   { field: jobTitle, matches: "ceo|founder" }     { field: behaviour.pricing_page_view.lastAt, daysSince: { lte: 7 } }
 *   { field: budget, exists: true }                  { all: [ ... ] }   { any: [ ... ] }   { not: { ... } }
 *
 * String comparisons ignore case (a rule author writes `pl` or `PL`); a field holding a list
 * matches `equals` / `in` / `matches` when any element does, and `range` tests its length.
 */
export type Scalar = string | number | boolean;

export interface Bounds {
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export interface Condition {
  field?: string;
  equals?: Scalar;
  in?: Scalar[];
  range?: Bounds;
  exists?: boolean;
  matches?: string;
  daysSince?: Bounds;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
}

export const FIELD_OPERATORS = ['equals', 'in', 'range', 'exists', 'matches', 'daysSince'] as const;
const COMBINATORS = ['all', 'any', 'not'] as const;

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const boundsSchema = z
  .object({ gt: z.number().optional(), gte: z.number().optional(), lt: z.number().optional(), lte: z.number().optional() })
  .strict()
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give at least one of gt, gte, lt, lte' });

function validRegex(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}

export const conditionSchema: z.ZodType<Condition, Condition> = z.lazy(() =>
  z
    .object({
      field: z.string().min(1).optional(),
      equals: scalar.optional(),
      in: z.array(scalar).min(1).optional(),
      range: boundsSchema.optional(),
      exists: z.boolean().optional(),
      matches: z.string().min(1).refine(validRegex, { message: 'not a valid regular expression' }).optional(),
      daysSince: boundsSchema.optional(),
      all: z.array(conditionSchema).min(1).optional(),
      any: z.array(conditionSchema).min(1).optional(),
      not: conditionSchema.optional(),
    })
    .strict()
    .superRefine((c, ctx) => {
      const ops = FIELD_OPERATORS.filter((k) => c[k] !== undefined);
      const combinators = COMBINATORS.filter((k) => c[k] !== undefined);
      if (combinators.length + ops.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          message: `a condition needs exactly one of ${[...COMBINATORS, ...FIELD_OPERATORS].join(', ')}`,
        });
      } else if (ops.length === 1 && c.field === undefined) {
        ctx.addIssue({ code: 'custom', message: `\`${ops[0]}\` needs a \`field\``, path: ['field'] });
      } else if (combinators.length === 1 && c.field !== undefined) {
        ctx.addIssue({ code: 'custom', message: `\`${combinators[0]}\` takes no \`field\``, path: ['field'] });
      }
    }),
);
