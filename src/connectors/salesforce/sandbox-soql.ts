import type { StoredRecord } from '../sandbox/kit.js';

/**
 * The SOQL the sandbox understands: `SELECT f, … FROM Object [WHERE c AND c …] [ORDER BY f [ASC|DESC]]
 * [LIMIT n]`, each condition `Field = 'text' | true | false | null`, `Field != …`, `Field LIKE 'pat%'`
 * or `Field IN ('a', 'b', …)`.
 * String comparison is case-insensitive, as in Salesforce. Long text fields cannot be filtered
 * (Salesforce answers INVALID_FIELD), and malformed text is MALFORMED_QUERY.
 */

export class SoqlError extends Error {
  constructor(
    readonly errorCode: 'MALFORMED_QUERY' | 'INVALID_FIELD' | 'INVALID_TYPE',
    message: string,
  ) {
    super(message);
  }
}

type Literal = string | boolean | null;
interface Condition {
  field: string;
  op: '=' | '!=' | 'LIKE' | 'IN';
  value: Literal | Literal[];
}
export interface Soql {
  fields: string[];
  object: string;
  where: Condition[];
  orderBy: { field: string; desc: boolean } | null;
  limit: number | null;
}

/** Long text areas: not filterable. */
const UNFILTERABLE = new Set(['note.body', 'task.description', 'lead.description', 'contact.description', 'account.description', 'opportunity.description', 'case.description']);

function literal(text: string): { value: Literal; rest: string } {
  const t = text.trimStart();
  if (t.startsWith("'")) {
    let out = '';
    for (let i = 1; i < t.length; i += 1) {
      const ch = t[i]!;
      if (ch === '\\') {
        const next = t[i + 1];
        if (next === undefined) break;
        out += next === 'n' ? '\n' : next;
        i += 1;
      } else if (ch === "'") return { value: out, rest: t.slice(i + 1) };
      else out += ch;
    }
    throw new SoqlError('MALFORMED_QUERY', 'unterminated string literal');
  }
  const word = /^(true|false|null)\b/i.exec(t);
  if (!word) throw new SoqlError('MALFORMED_QUERY', `unexpected token: ${t.slice(0, 20)}`);
  const w = word[1]!.toLowerCase();
  return { value: w === 'null' ? null : w === 'true', rest: t.slice(word[0].length) };
}

/** `('a', 'b')`: a parenthesised list of literals. */
function list(text: string): { value: Literal[]; rest: string } {
  let t = text.trimStart();
  if (!t.startsWith('(')) throw new SoqlError('MALFORMED_QUERY', 'expected ( after IN');
  t = t.slice(1);
  const values: Literal[] = [];
  for (;;) {
    const lit = literal(t);
    values.push(lit.value);
    t = lit.rest.trimStart();
    if (t.startsWith(',')) t = t.slice(1);
    else if (t.startsWith(')')) return { value: values, rest: t.slice(1) };
    else throw new SoqlError('MALFORMED_QUERY', `unexpected token in IN list: ${t.slice(0, 20)}`);
  }
}

export function parseSoql(q: string): Soql {
  const head = /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)\s*/is.exec(q);
  if (!head) throw new SoqlError('MALFORMED_QUERY', 'expected SELECT … FROM …');
  const fields = head[1]!.split(',').map((f) => f.trim());
  if (fields.some((f) => !/^\w+$/.test(f))) throw new SoqlError('MALFORMED_QUERY', 'unsupported select list');
  const object = head[2]!;
  let rest = q.slice(head[0].length);
  const where: Condition[] = [];
  if (/^WHERE\s/i.test(rest)) {
    rest = rest.slice(5);
    for (;;) {
      const cond = /^\s*(\w+)\s*(=|!=|LIKE\b|IN\b)\s*/i.exec(rest);
      if (!cond) throw new SoqlError('MALFORMED_QUERY', `unexpected token near: ${rest.slice(0, 20)}`);
      const field = cond[1]!;
      if (UNFILTERABLE.has(`${object}.${field}`.toLowerCase())) throw new SoqlError('INVALID_FIELD', `field '${field}' can not be filtered in a query call`);
      const op = cond[2]!.toUpperCase() as Condition['op'];
      const lit = op === 'IN' ? list(rest.slice(cond[0].length)) : literal(rest.slice(cond[0].length));
      where.push({ field, op, value: lit.value });
      rest = lit.rest.trimStart();
      const and = /^AND\s+/i.exec(rest);
      if (!and) break;
      rest = rest.slice(and[0].length);
    }
  }
  let orderBy: Soql['orderBy'] = null;
  const order = /^ORDER\s+BY\s+(\w+)(?:\s+(ASC|DESC))?\s*/i.exec(rest);
  if (order) {
    orderBy = { field: order[1]!, desc: (order[2] ?? '').toUpperCase() === 'DESC' };
    rest = rest.slice(order[0].length);
  }
  let limit: number | null = null;
  const lim = /^LIMIT\s+(\d+)\s*/i.exec(rest);
  if (lim) {
    limit = Number(lim[1]);
    rest = rest.slice(lim[0].length);
  }
  if (rest.trim() !== '') throw new SoqlError('MALFORMED_QUERY', `unexpected token: ${rest.trim().slice(0, 20)}`);
  return { fields, object, where, orderBy, limit };
}

export function valueOf(record: StoredRecord, field: string): unknown {
  if (field === 'Id') return record.id;
  if (field === 'CreatedDate') return new Date(record.createdAt).toISOString();
  if (field === 'LastModifiedDate' || field === 'SystemModstamp') return new Date(record.updatedAt).toISOString();
  const key = Object.keys(record.data).find((k) => k.toLowerCase() === field.toLowerCase());
  return key === undefined ? null : record.data[key];
}

function likeRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.');
  return new RegExp(`^${body}$`, 'is');
}

const same = (actual: unknown, value: Literal): boolean => (typeof actual === 'string' && typeof value === 'string' ? actual.toLowerCase() === value.toLowerCase() : actual === value);

function matches(record: StoredRecord, cond: Condition): boolean {
  const actual = valueOf(record, cond.field) ?? null;
  if (Array.isArray(cond.value)) return cond.value.some((v) => same(actual, v));
  if (cond.op === 'LIKE') return typeof actual === 'string' && typeof cond.value === 'string' && likeRegex(cond.value).test(actual);
  const equal = same(actual, cond.value);
  return cond.op === '=' ? equal : !equal;
}

export function runSoql(query: Soql, records: StoredRecord[]): StoredRecord[] {
  let out = records.filter((r) => query.where.every((c) => matches(r, c)));
  if (query.orderBy) {
    const { field, desc } = query.orderBy;
    out = [...out].sort((a, b) => {
      const x = String(valueOf(a, field) ?? '');
      const y = String(valueOf(b, field) ?? '');
      return (x < y ? -1 : x > y ? 1 : Number(a.id > b.id) - Number(a.id < b.id)) * (desc ? -1 : 1);
    });
  }
  return query.limit === null ? out : out.slice(0, query.limit);
}
