import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * Vendor OpenAPI descriptions as JSON-schema validators, for fidelity tests: load a JSON or YAML
 * file from ../shared/reference/openapi (or an absolute path), resolve its local `$ref`s — and
 * references to sibling files given as URLs or relative names — and validate data against the
 * schema at a JSON pointer. `strict: false`: OpenAPI keywords (`example`, `nullable`, …) are not
 * JSON Schema's. Answers the list of problems; empty = valid.
 */

/** `../shared/reference/openapi` beside the repository (as CI checks it out), or LEADWIRE_OPENAPI_DIR. */
export const OPENAPI_DIR = process.env.LEADWIRE_OPENAPI_DIR ?? fileURLToPath(new URL('../../../shared/reference/openapi', import.meta.url));

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
for (const format of ['int32', 'int64', 'float', 'double', 'byte', 'binary', 'password']) ajv.addFormat(format, true);

const loaded = new Set<string>();
const compiled = new Map<string, ValidateFunction>();

function resolveFile(file: string): string {
  return isAbsolute(file) ? file : join(OPENAPI_DIR, file);
}

/** Rewrite `$ref`s that name other files (by URL or relative path) to those files' ids, loading them. */
function rewriteRefs(node: unknown, dir: string): void {
  if (Array.isArray(node)) {
    for (const item of node) rewriteRefs(item, dir);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const obj = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(obj)) {
    if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) {
      const [target = '', pointer = ''] = value.split('#');
      const sibling = join(dir, basename(target));
      load(sibling);
      obj[key] = `${idOf(sibling)}#${pointer}`;
    } else {
      rewriteRefs(value, dir);
    }
  }
}

const idOf = (path: string) => `file://${path}`;

const raw = new Map<string, Record<string, unknown>>();

/** The parsed description, as the vendor wrote it (cached; never handed to ajv). */
function rawDoc(file: string): Record<string, unknown> {
  const path = resolveFile(file);
  let doc = raw.get(path);
  if (!doc) {
    const text = readFileSync(path, 'utf8');
    doc = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
    raw.set(path, doc);
  }
  return doc;
}

function load(path: string): void {
  if (loaded.has(path)) return;
  loaded.add(path);
  const doc = structuredClone(rawDoc(path));
  delete doc.$id;
  rewriteRefs(doc, dirname(path));
  ajv.addSchema(doc, idOf(path));
}

export type SchemaCheck = (data: unknown) => string[];

/** A validator for the schema at `schemaPointer` (e.g. `#/components/schemas/SimplePublicObject`) in `file`. */
export function schemaValidator(file: string, schemaPointer: string): SchemaCheck {
  const path = resolveFile(file);
  load(path);
  const ref = `${idOf(path)}${schemaPointer.startsWith('#') ? schemaPointer : `#${schemaPointer}`}`;
  let validate = compiled.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    compiled.set(ref, validate);
  }
  const check = validate;
  return (data) => (check(data) ? [] : (check.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}

/** A JSON pointer segment: `/` and `~` escaped. */
export const pointerSegment = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** The pointer of an operation's JSON request body, or of its answer for `status` (falling back to `default`). */
export function operationPointers(file: string, pathTemplate: string, method: string, status?: number): { request: string; response: string | null } {
  const doc = rawDoc(file) as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown>; $ref?: string }> }>> };
  const base = `#/paths/${pointerSegment(pathTemplate)}/${method.toLowerCase()}`;
  const op = doc.paths[pathTemplate]?.[method.toLowerCase()];
  let response: string | null = null;
  if (status !== undefined && op?.responses) {
    const key = op.responses[String(status)] ? String(status) : 'default';
    const answer = op.responses[key];
    const mediaType = answer?.content ? Object.keys(answer.content).find((m) => m.includes('json') || m === '*/*') : undefined;
    if (answer?.$ref) response = `${answer.$ref}/content/${pointerSegment('*/*')}/schema`;
    else if (mediaType) response = `${base}/responses/${key}/content/${pointerSegment(mediaType)}/schema`;
  }
  return { request: `${base}/requestBody/content/${pointerSegment('application/json')}/schema`, response };
}

/** The JSON pointer of an operation part: `operationPointer('/persons/{id}', 'patch', 'requestBody')`. */
export function operationPointer(path: string, method: string, ...rest: string[]): string {
  return ['', 'paths', pointerSegment(path), method.toLowerCase(), ...rest.map(pointerSegment)].join('/');
}

/** The path templates of a description, literal ones first (`/persons/search` before `/persons/{id}`). */
export function openapiPaths(file: string): string[] {
  const params = (p: string) => (p.match(/\{/g) ?? []).length;
  return Object.keys((rawDoc(file) as { paths: Record<string, unknown> }).paths).sort((a, b) => params(a) - params(b));
}

/** The template of `openapiPaths(file)` a concrete path matches, or null. */
export function matchPath(file: string, concrete: string): string | null {
  for (const template of openapiPaths(file)) {
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`);
    if (pattern.test(concrete)) return template;
  }
  return null;
}

/** Whether the description has a node at `pointer` (e.g. an operation's requestBody or a 200 response). */
export function hasPart(file: string, pointer: string): boolean {
  let node: unknown = rawDoc(file);
  for (const segment of pointer.replace(/^#?\//, '').split('/')) {
    if (segment === '') continue;
    const key = decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
