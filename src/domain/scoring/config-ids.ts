import { z } from 'zod';

/** Ids of rules, segments, owners, teams, queues, plans and steps: lower-case slugs, unique per list. */
export const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,62}$/, 'ids are lower-case slugs');

/** Adds one issue, at the repeated item's `id`, for every id a list repeats. */
export function reportDuplicateIds(items: readonly { id: string }[], path: (string | number)[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${item.id}"`, path: [...path, i, 'id'] });
    seen.add(item.id);
  });
}
