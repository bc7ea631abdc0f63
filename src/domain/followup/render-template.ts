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

// Per text: every template of the config and each of its section outcomes. Cleared when full, so a
// caller rendering ever-new texts cannot grow it without bound.
export const SPLIT_CACHE_SIZE = 512;
const sectionSplits = new Map<string, Split<{ show: boolean; key: string; inner: string }>>();
const placeholderSplits = new Map<string, Split<string>>();

/** `text` (as `prepare` makes it) split at the matches of `pattern`, cached per text. */
function split<M>(cache: Map<string, Split<M>>, text: string, pattern: RegExp, match: (m: RegExpExecArray) => M, prepare = (t: string) => t): Split<M> {
  let hit = cache.get(text);
  if (hit) return hit;
  hit = { literals: [], matches: [] };
  const source = prepare(text);
  let from = 0;
  for (const m of source.matchAll(pattern)) {
    hit.literals.push(source.slice(from, m.index));
    hit.matches.push(match(m));
    from = m.index + m[0].length;
  }
  hit.literals.push(source.slice(from));
  if (cache.size >= SPLIT_CACHE_SIZE) cache.clear();
  cache.set(text, hit);
  return hit;
}

function join<M>(s: Split<M>, render: (match: M) => string): string {
  let out = s.literals[0] ?? '';
  for (let i = 0; i < s.matches.length; i++) out += render(s.matches[i] as M) + (s.literals[i + 1] ?? '');
  return out;
}

/** How many texts each split cache holds (for the bound's test). */
export const splitCacheSizes = (): number[] => [sectionSplits.size, placeholderSplits.size];

const has = (vars: TemplateVars, key: string): boolean => {
  const v = vars[key];
  return v !== undefined && v !== null && v.trim() !== '';
};

export function renderTemplate(text: string, vars: TemplateVars): string {
  const sections = split(sectionSplits, text, SECTION, (m) => ({ show: m[1] === '#', key: m[2] ?? '', inner: m[3] ?? '' }), (t) => t.replace(STANDALONE_TAG, '$1'));
  const kept = join(sections, (s) => (s.show === has(vars, s.key) ? s.inner : ''));
  return join(split(placeholderSplits, kept, PLACEHOLDER, (m) => m[1] ?? ''), (key) => (has(vars, key) ? (vars[key] ?? '').trim() : ''));
}
