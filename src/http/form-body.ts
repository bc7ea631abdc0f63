/**
 * `application/x-www-form-urlencoded` as HTML forms send it, into the same shape a JSON body has:
 * `utm[source]=x` nests, a repeated name becomes an array, and checkbox/boolean words are left as
 * strings (the lead parser decides what each field means).
 */
const MAX_DEPTH = 3;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

export type FormValue = string | string[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export function parseFormBody(text: string): FormObject {
  const out: FormObject = Object.create(null) as FormObject;
  for (const [name, value] of new URLSearchParams(text)) {
    const path = splitName(name);
    if (path === undefined) {
      put(out, [name], value);
      continue;
    }
    if (path.some((p) => FORBIDDEN.has(p))) continue;
    put(out, path, value);
  }
  return out;
}

/** `a[b][c]` → ['a', 'b', 'c']; undefined when the name has no brackets or is malformed. */
function splitName(name: string): string[] | undefined {
  const open = name.indexOf('[');
  if (open <= 0 || !name.endsWith(']')) return undefined;
  const parts = [name.slice(0, open)];
  const rest = name.slice(open);
  const re = /\[([^[\]]*)\]/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = re.exec(rest)) !== null) {
    parts.push(match[1] ?? '');
    consumed = re.lastIndex;
  }
  if (consumed !== rest.length || parts.length - 1 > MAX_DEPTH) return undefined;
  return parts;
}

function put(target: FormObject, path: string[], value: string): void {
  // `interests[]=a&interests[]=b` and `interests=a&interests=b` both become arrays.
  if (path.length > 1 && path[path.length - 1] === '') return put(target, path.slice(0, -1), value);
  let node = target;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const child = node[key];
    if (child === undefined || typeof child === 'string' || Array.isArray(child)) {
      // A scalar and a nested object under one name: the later, nested one wins.
      const fresh = Object.create(null) as FormObject;
      node[key] = fresh;
      node = fresh;
    } else {
      node = child;
    }
  }
  const last = path[path.length - 1]!;
  const existing = node[last];
  if (existing === undefined) node[last] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else if (typeof existing === 'string') node[last] = [existing, value];
  else node[last] = value;
}
