import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/**
 * Validators for a vendor OpenAPI description (JSON or YAML) in /work/shared/reference/openapi:
 * `schemaValidator(file, pointer)` compiles the schema at a JSON pointer (e.g.
 * `/paths/~1persons/post/requestBody/content/application~1json/schema`) with its `$ref`s resolved —
 * local ones (`#/components/…`) and ones into sibling files (`other.json#/…`, or an absolute URL
 * whose last segment names a sibling file). Ajv runs with `strict: false` (OpenAPI keywords such as
 * `example` and `nullable` pass through).
 */

export const OPENAPI_DIR = '/work/shared/reference/openapi';

const documents = new Map<string, unknown>();

function load(file: string): unknown {
  let doc = documents.get(file);
  if (doc === undefined) {
    const text = readFileSync(file, 'utf8');
    doc = file.endsWith('.json') ? (JSON.parse(text) as unknown) : (parse(text) as unknown);
    documents.set(file, doc);
  }
  return doc;
}

function at(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const raw of pointer.replace(/^#?\//, '').split('/')) {
    if (raw === '') continue;
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) throw new Error(`no ${pointer} (at ${key})`);
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A deep copy with every `$ref` replaced by its target; a ref met again inside itself becomes `{}`. */
function resolve(node: unknown, file: string, seen: string[]): unknown {
  if (Array.isArray(node)) return node.map((item) => resolve(item, file, seen));
  if (typeof node !== 'object' || node === null) return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') {
    const [target = '', pointer = ''] = ref.split('#');
    const targetFile = target === '' ? file : join(dirname(file), target.split('/').pop()!);
    const id = `${targetFile}#${pointer}`;
    if (seen.includes(id)) return {};
    return resolve(at(load(targetFile), pointer), targetFile, [...seen, id]);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(v, file, seen)]));
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Errors of `value` against the schema at `schemaPointer` in `file` (relative to OPENAPI_DIR or absolute); [] when valid. */
export function schemaValidator(file: string, schemaPointer: string): (value: unknown) => string[] {
  const path = file.startsWith('/') ? file : join(OPENAPI_DIR, file);
  const key = `${path}#${schemaPointer}`;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(resolve(at(load(path), schemaPointer), path, []) as object);
    compiled.set(key, validate);
  }
  const run = validate;
  return (value) => (run(value) ? [] : (run.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'invalid'}`));
}

/** The JSON pointer of an operation part: `operationPointer('/persons/{id}', 'patch', 'requestBody')`. */
export function operationPointer(path: string, method: string, ...rest: string[]): string {
  const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
  return ['', 'paths', escape(path), method.toLowerCase(), ...rest.map(escape)].join('/');
}

/** The path templates of a description, literal ones first (`/persons/search` before `/persons/{id}`). */
export function openapiPaths(file: string): string[] {
  const path = file.startsWith('/') ? file : join(OPENAPI_DIR, file);
  const params = (p: string) => (p.match(/\{/g) ?? []).length;
  return Object.keys((load(path) as { paths: Record<string, unknown> }).paths).sort((a, b) => params(a) - params(b));
}

/** The template of `openapiPaths(file)` a concrete path matches, or null. */
export function matchPath(file: string, concrete: string): string | null {
  for (const template of openapiPaths(file)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    if (pattern.test(concrete)) return template;
  }
  return null;
}

/** Whether the operation has a part at `rest` (e.g. a requestBody or a 200 response). */
export function hasPart(file: string, pointer: string): boolean {
  const path = file.startsWith('/') ? file : join(OPENAPI_DIR, file);
  try {
    at(load(path), pointer);
    return true;
  } catch {
    return false;
  }
}
