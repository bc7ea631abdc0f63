import type { ConsentInput, LeadInput, Utm } from '../domain/types.js';
import type { Issue } from './errors.js';

/**
 * Turns an untrusted body (parsed JSON, or a parsed HTML form) into a LeadInput, reporting every
 * problem with its path instead of stopping at the first. Shape only: deeper quality checks (MX,
 * phone validity, spam) belong to the pipeline's validate stage, which can take its time.
 */
export interface LeadBodyLimits {
  customMaxKeys: number;
  customMaxValueChars: number;
}

type TextField = Exclude<keyof LeadInput, 'utm' | 'consent' | 'custom'>;

const TEXT_FIELDS: Readonly<Record<TextField, number>> = {
  email: 254, phone: 64, firstName: 100, lastName: 100, name: 200, company: 200, jobTitle: 200,
  message: 10_000, product: 200, budget: 100, timeline: 100, country: 100, language: 35, timezone: 64,
  landingUrl: 2048, referrer: 2048, gclid: 256, fbclid: 256, source: 100, channel: 50,
};
/** Fields a JSON client may reasonably send as numbers. */
const NUMERIC_OK = new Set<string>(['phone', 'budget']);
const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
/** Fields of the request envelope, not of the lead: consumed by auth, never stored. */
export const ENVELOPE_FIELDS = new Set(['formToken']);
const TRUE_WORDS = new Set(['true', 'on', 'yes', '1']);
const FALSE_WORDS = new Set(['false', 'off', 'no', '0']);
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_KEY_CHARS = 100;

export type LeadBodyResult = { ok: true; input: LeadInput } | { ok: false; issues: Issue[] };

export function parseLeadBody(body: unknown, limits: LeadBodyLimits): LeadBodyResult {
  const issues: Issue[] = [];
  if (!isObject(body)) return { ok: false, issues: [{ path: '', message: 'expected an object of lead fields' }] };

  const input: LeadInput = { custom: {} };
  const utm: Utm = {};
  const unknown: Record<string, unknown> = {};

  for (const [key, value] of Object.entries(body)) {
    if (ENVELOPE_FIELDS.has(key)) continue;
    if (key in TEXT_FIELDS) {
      const text = readText(value, key, TEXT_FIELDS[key as TextField], issues);
      if (text !== undefined) input[key as TextField] = text;
    } else if (key.startsWith('utm_') && (UTM_KEYS as readonly string[]).includes(key.slice(4))) {
      const text = readText(value, key, 256, issues);
      if (text !== undefined) utm[key.slice(4) as keyof Utm] = text;
    } else if (key === 'utm') {
      readUtm(value, utm, issues);
    } else if (key === 'consent') {
      const consent = readConsent(value, issues);
      if (consent) input.consent = consent;
    } else if (key === 'custom') {
      if (isObject(value)) Object.assign(unknown, value);
      else if (value !== undefined && value !== null && value !== '') issues.push({ path: 'custom', message: 'expected an object' });
    } else {
      // Unknown top-level fields are kept, not dropped: they go to `custom` (explicit custom wins).
      if (!(key in unknown)) unknown[key] = value;
    }
  }
  if (Object.keys(utm).length > 0) input.utm = utm;
  input.custom = readCustom(unknown, limits, issues);

  if (input.email !== undefined && !EMAIL_SHAPE.test(input.email)) issues.push({ path: 'email', message: 'not an email address' });
  if (input.email === undefined && input.phone === undefined) {
    issues.push({ path: 'email', message: 'a lead needs an email or a phone' });
  }
  if (input.name !== undefined && input.firstName === undefined && input.lastName === undefined) {
    Object.assign(input, splitName(input.name));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, input };
}

/** "Anna Maria Kowalska" → first "Anna Maria", last "Kowalska"; one word → first name only. */
export function splitName(full: string): { firstName?: string; lastName?: string } {
  const words = full.split(/\s+/).filter(Boolean);
  if (words.length === 0) return {};
  if (words.length === 1) return { firstName: words[0]! };
  return { firstName: words.slice(0, -1).join(' '), lastName: words[words.length - 1]! };
}

function readText(value: unknown, path: string, max: number, issues: Issue[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' && Number.isFinite(value) && NUMERIC_OK.has(path.split('.').pop() ?? '')) text = String(value);
  else {
    issues.push({ path, message: `expected a string, got ${describeType(value)}` });
    return undefined;
  }
  // NUL and other C0 controls except tab/newline never belong in a lead field.
  text = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  if (text.length > max) {
    issues.push({ path, message: `at most ${max} characters (got ${text.length})` });
    return undefined;
  }
  return text === '' ? undefined : text;
}

function readUtm(value: unknown, utm: Utm, issues: Issue[]): void {
  if (value === undefined || value === null || value === '') return;
  if (!isObject(value)) {
    issues.push({ path: 'utm', message: 'expected an object' });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (!(UTM_KEYS as readonly string[]).includes(key)) {
      issues.push({ path: `utm.${key}`, message: `unknown UTM field; expected one of ${UTM_KEYS.join(', ')}` });
      continue;
    }
    // A flat utm_* field given alongside wins: it is what the landing page actually carried.
    const text = readText(item, `utm.${key}`, 256, issues);
    if (text !== undefined && utm[key as keyof Utm] === undefined) utm[key as keyof Utm] = text;
  }
}

function readConsent(value: unknown, issues: Issue[]): ConsentInput | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (!isObject(value)) {
    issues.push({ path: 'consent', message: 'expected an object {marketing, contact, policyVersion, text}' });
    return undefined;
  }
  const consent: ConsentInput = {};
  for (const [key, item] of Object.entries(value)) {
    const path = `consent.${key}`;
    if (key === 'marketing' || key === 'contact') {
      const flag = readBoolean(item, path, issues);
      if (flag !== undefined) consent[key] = flag;
    } else if (key === 'policyVersion' || key === 'text') {
      const text = readText(item, path, key === 'text' ? 5000 : 50, issues);
      if (text !== undefined) consent[key] = text;
    } else {
      issues.push({ path, message: 'unknown consent field; expected marketing, contact, policyVersion or text' });
    }
  }
  return Object.keys(consent).length > 0 ? consent : undefined;
}

function readBoolean(value: unknown, path: string, issues: Issue[]): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === undefined || value === null || value === '') return undefined;
  const word = typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' ? String(value) : undefined;
  if (word !== undefined && TRUE_WORDS.has(word)) return true;
  if (word !== undefined && FALSE_WORDS.has(word)) return false;
  issues.push({ path, message: 'expected a boolean (true/false, on/off, yes/no, 1/0)' });
  return undefined;
}

function readCustom(fields: Record<string, unknown>, limits: LeadBodyLimits, issues: Issue[]): Record<string, unknown> {
  const custom: Record<string, unknown> = {};
  const keys = Object.keys(fields).filter((k) => fields[k] !== undefined);
  if (keys.length > limits.customMaxKeys) {
    issues.push({ path: 'custom', message: `at most ${limits.customMaxKeys} custom fields (unknown top-level fields count too); got ${keys.length}` });
    return custom;
  }
  for (const key of keys) {
    const path = `custom.${key}`;
    if (key.length > MAX_KEY_CHARS || key.length === 0) {
      issues.push({ path: `custom.${key.slice(0, 40)}`, message: `field names need 1 to ${MAX_KEY_CHARS} characters` });
      continue;
    }
    const value = fields[key];
    const size = JSON.stringify(value)?.length ?? 0;
    if (size > limits.customMaxValueChars) {
      issues.push({ path, message: `at most ${limits.customMaxValueChars} characters of JSON per custom field (got ${size})` });
      continue;
    }
    custom[key] = value;
  }
  return custom;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
