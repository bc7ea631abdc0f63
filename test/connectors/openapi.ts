import type { FastifyInstance } from 'fastify';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
      if (existsSync(sibling)) load(sibling);
      else stub(sibling);
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

/**
 * A file another one refers to that is not in the reference set: registered as a stand-in whose
 * referenced schemas accept anything, and listed by `stubbedRefs()` — a test names what it could
 * not check instead of weakening a schema silently. Every pointer any file of the folder uses into
 * the missing file is stubbed at once.
 */
const stubs = new Map<string, string[]>();
function stub(path: string): void {
  if (stubs.has(path) || loaded.has(path)) return;
  const name = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pointers = new Set<string>();
  for (const file of readdirSync(dirname(path)).filter((f) => f.endsWith('.json'))) {
    for (const match of readFileSync(join(dirname(path), file), 'utf8').matchAll(new RegExp(`"\\$ref"\\s*:\\s*"[^"#]*${name}#([^"]*)"`, 'g'))) pointers.add(match[1]!);
  }
  const doc: Record<string, unknown> = {};
  for (const pointer of pointers) {
    let node = doc;
    const parts = pointer.split('/').filter((p) => p !== '');
    parts.forEach((part) => {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    });
  }
  stubs.set(path, [...pointers].sort());
  ajv.addSchema(doc, idOf(path));
}

/** Schemas referred to but not in the reference set (`users.json#/components/schemas/Minified_User`, …): accepted unchecked. */
export function stubbedRefs(): string[] {
  return [...stubs.entries()].flatMap(([path, pointers]) => pointers.map((p) => `${basename(path)}#${p}`)).sort();
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

/**
 * The JSON schema pointer of an operation's request body (`status` absent) or of its answer for
 * `status`, following a `$ref` to `#/components/requestBodies/…` or `#/components/responses/…`;
 * null when the description has none.
 */
export function bodySchemaPointer(file: string, pathTemplate: string, method: string, status?: number): string | null {
  const doc = rawDoc(file);
  let pointer = status === undefined ? operationPointer(pathTemplate, method, 'requestBody') : operationPointer(pathTemplate, method, 'responses', String(status));
  if (!hasPart(file, pointer)) return null;
  const node = lookup(doc, pointer) as { $ref?: string; content?: Record<string, unknown> };
  if (typeof node.$ref === 'string' && node.$ref.startsWith('#')) pointer = node.$ref.slice(1);
  const content = (lookup(doc, pointer) as { content?: Record<string, unknown> } | undefined)?.content;
  const mediaType = content ? Object.keys(content).find((m) => m.includes('json')) : undefined;
  return mediaType ? `${pointer}/content/${pointerSegment(mediaType)}/schema` : null;
}

function lookup(doc: unknown, pointer: string): unknown {
  let node = doc;
  for (const segment of pointer.replace(/^#?\//, '').split('/')) {
    if (segment === '') continue;
    node = (node as Record<string, unknown> | undefined)?.[segment.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** One request the connector sent a sandbox and the answer it got, path without the mount prefix. */
export interface Exchange {
  method: string;
  path: string;
  body: unknown;
  status: number;
  answer: unknown;
}

/**
 * Records every JSON exchange of a sandbox app (mounted at `prefix`) whose path `keep` accepts:
 * `record` is the hook to install on the app, `traffic` fills as the test runs.
 */
export function recordTraffic(prefix: string, keep: (path: string) => boolean): { traffic: Exchange[]; record: (app: FastifyInstance) => void } {
  const traffic: Exchange[] = [];
  const record = (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply, payload) => {
      const path = request.url.split('?')[0]!.replace(new RegExp(`^${prefix}(?=/)`), '');
      if (keep(path) && typeof payload === 'string' && payload !== '') traffic.push({ method: request.method, path, body: request.body, status: reply.statusCode, answer: JSON.parse(payload) as unknown });
      return payload;
    });
  };
  return { traffic, record };
}
