import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * Vendor OpenAPI descriptions as JSON-schema validators, for fidelity tests: load a JSON or YAML
 * file from /work/shared/reference/openapi (or an absolute path), resolve its local `$ref`s — and
 * references to sibling files given as URLs or relative names — and validate data against the
 * schema at a JSON pointer. `strict: false`: OpenAPI keywords (`example`, `nullable`, …) are not
 * JSON Schema's. Answers the list of problems; empty = valid.
 */

export const OPENAPI_DIR = process.env.LEADWIRE_OPENAPI_DIR ?? '/work/shared/reference/openapi';

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

function load(path: string): void {
  if (loaded.has(path)) return;
  loaded.add(path);
  const text = readFileSync(path, 'utf8');
  const doc = (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text)) as Record<string, unknown>;
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
  const doc = JSON.parse(readFileSync(resolveFile(file), 'utf8')) as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown>; $ref?: string }> }>> };
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
