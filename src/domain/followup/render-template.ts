import { cached } from '../../lib/bounded-cache.js';

/**
 * Renders `{{name}}` placeholders and `{{#name}}…{{/name}}` / `{{^name}}…{{/name}}` sections from
 * plain string values. Output is plain text: escaping for HTML is the notifier's job. A section
 * tag alone on its line is removed with its line, so an absent calendar link leaves no blank line.
 */
export type TemplateVars = Readonly<Record<string, string | null | undefined>>;

// A tag alone on its line takes the line with it (as in Mustache), so blocks leave no blank lines.
const STANDALONE_TAG = /^[ \t]*(\{\{[#^/][\w.]+\}\})[ \t]*(?:\r?\n|$)/gm;
const SECTION = /\{\{([#^])([\w.]+)\}\}([\s\S]*?)\{\{\/\2\}\}/g;
const PLACEHOLDER = /\{\{\s*([\w.]+)\s*\}\}/g;

/**
 * A text split at the matches of one pattern: `literals[i]`, then `matches[i]`, …, then the last
 * literal. Where a pattern matches depends on the text alone — only what replaces a match depends
 * on the values — so each text is split once and rendered by joining (the templates come from the
 * config, and the first two steps of `replace` ran per message before).
 */
interface Split<M> {
  literals: string[];
  matches: M[];
}

interface Section {
  show: boolean;
  key: string;
  inner: string;
}

/** A template split at its sections, with the placeholder split of each section outcome seen. */
interface Template extends Split<Section> {
  /** Bit i set: section i kept its inner text. */
  outcomes: Map<number, Split<string>>;
}

// Per text: every template of the config, and per template each of its section outcomes. Cleared
// when full, so a caller rendering ever-new texts cannot grow them without bound.
export const SPLIT_CACHE_SIZE = 512;
const OUTCOMES_PER_TEMPLATE = 64;
// More sections than the bits of an outcome key: rendered without the outcome cache.
const MAX_KEYED_SECTIONS = 30;
const templates = new Map<string, Template>();

/** `source` split at the matches of `pattern`. */
function split<M>(source: string, pattern: RegExp, match: (m: RegExpExecArray) => M): Split<M> {
  const out: Split<M> = { literals: [], matches: [] };
  let from = 0;
  for (const m of source.matchAll(pattern)) {
    out.literals.push(source.slice(from, m.index));
    out.matches.push(match(m));
    from = m.index + m[0].length;
  }
  out.literals.push(source.slice(from));
  return out;
}

function join<M>(s: Split<M>, render: (match: M, index: number) => string): string {
  let out = s.literals[0] ?? '';
  for (let i = 0; i < s.matches.length; i++) out += render(s.matches[i] as M, i) + (s.literals[i + 1] ?? '');
  return out;
}

function template(text: string): Template {
  return cached(templates, SPLIT_CACHE_SIZE, text, () => ({
    ...split(text.replace(STANDALONE_TAG, '$1'), SECTION, (m) => ({ show: m[1] === '#', key: m[2] ?? '', inner: m[3] ?? '' })),
    outcomes: new Map(),
  }));
}

const splitPlaceholders = (kept: string): Split<string> => split(kept, PLACEHOLDER, (m) => m[1] ?? '');

/** The template with its sections decided, split at its placeholders (what `kept` would be split to). */
function placeholdersOf(t: Template, vars: TemplateVars): Split<string> {
  const kept = t.matches.map((s) => s.show === has(vars, s.key));
  const keptText = (): string => join(t, (s, i) => (kept[i] ? s.inner : ''));
  if (kept.length > MAX_KEYED_SECTIONS) return splitPlaceholders(keptText());
  const outcome = kept.reduce((bits, k, i) => (k ? bits | (1 << i) : bits), 0);
  return cached(t.outcomes, OUTCOMES_PER_TEMPLATE, outcome, () => splitPlaceholders(keptText()));
}

/** How many texts, and outcomes of them, the cache holds (for the bound's test). */
export const splitCacheSizes = (): number[] => [templates.size, ...[...templates.values()].map((t) => t.outcomes.size)];

const has = (vars: TemplateVars, key: string): boolean => {
  const v = vars[key];
  return v !== undefined && v !== null && v.trim() !== '';
};

export function renderTemplate(text: string, vars: TemplateVars): string {
  return join(placeholdersOf(template(text), vars), (key) => (has(vars, key) ? (vars[key] ?? '').trim() : ''));
}
