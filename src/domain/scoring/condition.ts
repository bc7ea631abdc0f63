import type { Bounds, Condition, Scalar } from './condition.schema.js';
import { cached } from '../../lib/bounded-cache.js';

/**
 * Evaluates a condition against a lead's facts (see `buildLeadFacts`). Pure: `now` is only read
 * by `daysSince`. A missing field fails every test except `exists: false`.
 */
export type Facts = Readonly<Record<string, unknown>>;

const DAY_MS = 86_400_000;
const regexCache = new Map<string, RegExp>();

// Paths come from the config's rules, so they are few: each is split once. Cleared when full, so
// ever-new paths cannot grow it without bound.
export const PATH_CACHE_SIZE = 1024;
const paths = new Map<string, readonly string[]>();

/** How many paths are kept split (for the bound's test). */
export const cachedPaths = (): number => paths.size;

function pathKeys(path: string): readonly string[] {
  return cached(paths, PATH_CACHE_SIZE, path, (p) => p.split('.'));
}

export function readField(facts: Facts, path: string): unknown {
  let value: unknown = facts;
  for (const key of pathKeys(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function present(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function asEpoch(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function same(value: unknown, expected: Scalar): boolean {
  if (typeof value === 'string' && typeof expected === 'string') return value.toLowerCase() === expected.toLowerCase();
  if (typeof expected === 'number') return asNumber(value) === expected;
  return value === expected;
}

function anyElement(value: unknown, test: (v: unknown) => boolean): boolean {
  return Array.isArray(value) ? value.some(test) : test(value);
}

export function withinBounds(n: number, b: Bounds): boolean {
  return (
    (b.gt === undefined || n > b.gt) &&
    (b.gte === undefined || n >= b.gte) &&
    (b.lt === undefined || n < b.lt) &&
    (b.lte === undefined || n <= b.lte)
  );
}

function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'iu');
    regexCache.set(pattern, re);
  }
  return re;
}

/**
 * A condition as a function, built once: the operator is picked, the path split and the pattern
 * compiled when the config is first used, not on every evaluation of every lead.
 */
type Test = (facts: Facts, now: number) => boolean;

const never: Test = () => false;

function fieldTest(c: Condition, field: string): Test {
  const read = (facts: Facts): unknown => readField(facts, field);
  if (c.exists !== undefined) {
    const exists = c.exists;
    return (facts) => present(read(facts)) === exists;
  }
  if (c.equals !== undefined) {
    const expected = c.equals;
    const matches = (v: unknown): boolean => same(v, expected);
    return (facts) => anyElement(read(facts), matches);
  }
  if (c.in !== undefined) {
    const list = c.in;
    const matches = (v: unknown): boolean => list.some((e) => same(v, e));
    return (facts) => anyElement(read(facts), matches);
  }
  if (c.range !== undefined) {
    const bounds = c.range;
    return (facts) => {
      const value = read(facts);
      const n = Array.isArray(value) ? value.length : asNumber(value);
      return n !== null && withinBounds(n, bounds);
    };
  }
  if (c.matches !== undefined) {
    const pattern = c.matches;
    // Built when the condition is first evaluated, as before compiling: a branch never reached
    // never builds (or throws on) its pattern.
    let re = /$^/;
    const matches = (v: unknown): boolean => (typeof v === 'string' || typeof v === 'number') && re.test(String(v));
    return (facts) => {
      re = regex(pattern);
      return anyElement(read(facts), matches);
    };
  }
  if (c.daysSince !== undefined) {
    const bounds = c.daysSince;
    return (facts, now) => {
      const at = asEpoch(read(facts));
      return at !== null && withinBounds((now - at) / DAY_MS, bounds);
    };
  }
  return never;
}

function compile(c: Condition): Test {
  if (c.all) {
    const tests = c.all.map(compile);
    return (facts, now) => tests.every((t) => t(facts, now));
  }
  if (c.any) {
    const tests = c.any.map(compile);
    return (facts, now) => tests.some((t) => t(facts, now));
  }
  if (c.not) {
    const test = compile(c.not);
    return (facts, now) => !test(facts, now);
  }
  return c.field === undefined ? never : fieldTest(c, c.field);
}

/** Only a condition that cannot change any more (the frozen config) may keep its compiled form. */
function frozenDeep(c: Condition): boolean {
  const children = [c.all, c.any].filter((l) => l !== undefined);
  return (
    Object.isFrozen(c) &&
    children.every((l) => Object.isFrozen(l) && l.every(frozenDeep)) &&
    (c.not === undefined || frozenDeep(c.not)) &&
    [c.in, c.range, c.daysSince].every((part) => part === undefined || Object.isFrozen(part))
  );
}

const compiled = new WeakMap<Condition, Test>();

export function evaluateCondition(c: Condition, facts: Facts, now: number): boolean {
  let test = compiled.get(c);
  if (!test) {
    test = compile(c);
    if (frozenDeep(c)) compiled.set(c, test);
  }
  return test(facts, now);
}

/** The field paths a condition reads, in first-use order (for routing reasons and docs). */
export function conditionFields(c: Condition, out: string[] = []): string[] {
  if (c.field !== undefined && !out.includes(c.field)) out.push(c.field);
  for (const child of [...(c.all ?? []), ...(c.any ?? []), ...(c.not ? [c.not] : [])]) conditionFields(child, out);
  return out;
}
