import { conditionFields, readField, type Facts } from '../scoring/condition.js';
import type { Condition } from '../scoring/condition.schema.js';

/**
 * The `routingReason` stored on the lead and synced to the CRM, in SPEC §7's shape:
 * `region=PL, product=AI, score=82, rule=pl-enterprise`. The fields are the ones the matched rule
 * read (named by the last part of their path), then the score, the rule and how the owner was picked.
 */
function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return 'none';
  if (Array.isArray(value)) return value.map(show).join('|');
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function routingReason(facts: Facts, when: Condition | null, parts: Record<string, string | null | undefined>): string {
  const pairs: [string, string][] = [];
  const add = (key: string, value: string): void => {
    if (!pairs.some(([k]) => k === key)) pairs.push([key, value]);
  };
  for (const path of when ? conditionFields(when) : []) add(path.split('.').at(-1) ?? path, show(readField(facts, path)));
  if (facts.score !== null && facts.score !== undefined) add('score', show(facts.score));
  for (const [key, value] of Object.entries(parts)) if (value) add(key, value);
  return pairs.map(([k, v]) => `${k}=${v}`).join(', ');
}
