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

const has = (vars: TemplateVars, key: string): boolean => {
  const v = vars[key];
  return v !== undefined && v !== null && v.trim() !== '';
};

export function renderTemplate(text: string, vars: TemplateVars): string {
  const sections = text.replace(STANDALONE_TAG, '$1').replace(SECTION, (_all, kind: string, key: string, inner: string) => ((kind === '#') === has(vars, key) ? inner : ''));
  return sections.replace(PLACEHOLDER, (_all, key: string) => (has(vars, key) ? (vars[key] ?? '').trim() : ''));
}
