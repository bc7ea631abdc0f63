import { describe, expect, it } from 'vitest';
import { cachedPaths, conditionFields, evaluateCondition, PATH_CACHE_SIZE, readField } from './condition.js';
import { conditionSchema, type Condition } from './condition.schema.js';
import { DAY, NOW } from './test-builders.js';

const facts = {
  country: 'PL',
  budget: '40 000–80 000 zł',
  empty: '  ',
  score: 82,
  employees: '250',
  flags: ['email-free', 'incomplete'],
  conversation: { decisionMaker: true, timelineDays: 21, competitors: ['Acme'], products: [] },
  behaviour: { pricing_page_view: { count: 2, lastAt: NOW - 3 * DAY } },
  seenAt: new Date(NOW - 10 * DAY).toISOString(),
};
const deepFreeze = <T>(value: T): T => {
  if (value !== null && typeof value === 'object') for (const v of Object.values(Object.freeze(value))) deepFreeze(v);
  return value;
};
// Every case twice: as written (compiled per call) and frozen like the loaded config (compiled once, kept).
const check = (c: Condition): boolean => {
  const loose = evaluateCondition(conditionSchema.parse(c), facts, NOW);
  const frozen = deepFreeze(conditionSchema.parse(c));
  expect(evaluateCondition(frozen, facts, NOW)).toBe(loose);
  expect(evaluateCondition(frozen, facts, NOW)).toBe(loose);
  return loose;
};

describe('evaluateCondition', () => {
  it('equals compares strings without case and numbers across numeric strings', () => {
    expect(check({ field: 'country', equals: 'pl' })).toBe(true);
    expect(check({ field: 'country', equals: 'DE' })).toBe(false);
    expect(check({ field: 'employees', equals: 250 })).toBe(true);
    expect(check({ field: 'conversation.decisionMaker', equals: true })).toBe(true);
    expect(check({ field: 'conversation.decisionMaker', equals: 'true' })).toBe(false);
  });

  it('in and equals match any element of a list field', () => {
    expect(check({ field: 'country', in: ['CZ', 'pl'] })).toBe(true);
    expect(check({ field: 'flags', equals: 'email-free' })).toBe(true);
    expect(check({ field: 'flags', in: ['spam', 'test'] })).toBe(false);
  });

  it('range uses the given bounds, and the length of a list', () => {
    expect(check({ field: 'conversation.timelineDays', range: { lt: 30 } })).toBe(true);
    expect(check({ field: 'conversation.timelineDays', range: { lt: 21 } })).toBe(false);
    expect(check({ field: 'conversation.timelineDays', range: { gte: 21, lte: 21 } })).toBe(true);
    expect(check({ field: 'employees', range: { gt: 249 } })).toBe(true);
    expect(check({ field: 'conversation.competitors', range: { gte: 1 } })).toBe(true);
    expect(check({ field: 'country', range: { gte: 0 } })).toBe(false);
  });

  it('exists treats blank strings and empty lists as absent', () => {
    expect(check({ field: 'budget', exists: true })).toBe(true);
    expect(check({ field: 'empty', exists: true })).toBe(false);
    expect(check({ field: 'conversation.products', exists: false })).toBe(true);
    expect(check({ field: 'nothing.here', exists: false })).toBe(true);
  });

  it('matches is a case-insensitive regular expression', () => {
    expect(check({ field: 'budget', matches: 'ZŁ$' })).toBe(true);
    expect(check({ field: 'country', matches: '^de$' })).toBe(false);
    expect(check({ field: 'missing', matches: '.*' })).toBe(false);
  });

  it('daysSince measures from the given now, for epoch ms and ISO strings', () => {
    expect(check({ field: 'behaviour.pricing_page_view.lastAt', daysSince: { lte: 7 } })).toBe(true);
    expect(check({ field: 'seenAt', daysSince: { lte: 7 } })).toBe(false);
    expect(check({ field: 'seenAt', daysSince: { gte: 10 } })).toBe(true);
    expect(evaluateCondition({ field: 'seenAt', daysSince: { lte: 7 } }, facts, NOW - 5 * DAY)).toBe(true);
  });

  it('combines with all, any and not', () => {
    expect(check({ all: [{ field: 'country', equals: 'PL' }, { field: 'score', range: { gte: 70 } }] })).toBe(true);
    expect(check({ all: [{ field: 'country', equals: 'PL' }, { field: 'score', range: { gte: 90 } }] })).toBe(false);
    expect(check({ any: [{ field: 'country', equals: 'DE' }, { field: 'score', range: { gte: 80 } }] })).toBe(true);
    expect(check({ not: { field: 'flags', in: ['spam'] } })).toBe(true);
  });

  it('lists the fields a condition reads, once each', () => {
    const c: Condition = { all: [{ field: 'country', equals: 'PL' }, { any: [{ field: 'product', equals: 'AI' }, { field: 'country', equals: 'CZ' }] }] };
    expect(conditionFields(c)).toEqual(['country', 'product']);
  });
});

describe('conditionSchema', () => {
  it('rejects a condition with two operators, an operator without a field, and a bad regex', () => {
    expect(conditionSchema.safeParse({ field: 'a', equals: 1, exists: true }).success).toBe(false);
    expect(conditionSchema.safeParse({ equals: 1 }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', matches: '(' }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', range: {} }).success).toBe(false);
    expect(conditionSchema.safeParse({ field: 'a', all: [{ field: 'b', exists: true }] }).success).toBe(false);
  });

  it('reports a nested problem with its path', () => {
    const r = conditionSchema.safeParse({ all: [{ field: 'a', exists: true }, { field: 'b', in: [] }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['all', 1, 'in']);
  });
});

describe('readField', () => {
  it('keeps split paths up to a bound and reads the same through it', () => {
    const facts = { utm: { campaign: 'c1' }, a: 1 };
    expect(readField(facts, 'utm.campaign')).toBe('c1');
    for (let i = 0; i < PATH_CACHE_SIZE * 2; i++) readField(facts, `custom.f${i}`);
    expect(cachedPaths()).toBeLessThanOrEqual(PATH_CACHE_SIZE);
    expect(readField(facts, 'utm.campaign')).toBe('c1');
    expect(readField(facts, 'a.b')).toBeUndefined();
  });
});

describe('compiled conditions', () => {
  it('follow a condition that is still being changed (only frozen config is kept compiled)', () => {
    const c: Condition = { field: 'country', equals: 'PL' };
    expect(evaluateCondition(c, facts, NOW)).toBe(true);
    c.equals = 'DE';
    expect(evaluateCondition(c, facts, NOW)).toBe(false);
  });
});
