import type { QualityConfig } from './quality.schema.js';
import { isKeyboardMash } from './keyboard-mash.js';
import { isTestName, isTestPhoneDigits, testEmailReason } from './test-data.js';

/**
 * Test and spam screening of one submission. Contract: it only classifies — a flagged lead is
 * still stored, shown and counted; the caller blocks it from CRM sync (`blocksSync`).
 * `test` signals are people or tools trying the form; `spam` signals are bots or abuse.
 */
export type SpamSignalCode =
  | 'reserved-tld' | 'example-domain' | 'test-address' | 'test-name' | 'test-phone' | 'keyboard-mash'
  | 'honeypot' | 'too-fast' | 'bad-render-stamp' | 'link-stuffing' | 'link-in-name';

export interface SpamSignal {
  code: SpamSignalCode;
  kind: 'test' | 'spam';
  field: string;
}

export interface SpamVerdict {
  verdict: 'clean' | 'test' | 'spam';
  signals: SpamSignal[];
  blocksSync: boolean;
}

export interface SpamInput {
  /** The normalized email when it was valid, else the raw text (test domains are caught either way). */
  email?: string | null;
  phone?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  message?: string | null;
  custom?: Record<string, unknown>;
}

export interface SpamTiming {
  submittedAt: number;
  /** From a verified render stamp (`renderTiming`); absent when the form sent none. */
  renderedAt?: number | null;
  /** `invalid`: the form sent a stamp that failed verification (forged, other form, malformed). */
  renderStamp?: 'absent' | 'valid' | 'invalid';
}

const LINK = /\b(?:https?:\/\/|www\.)[^\s<>"]+|\[url[=\]]|<a\s+href/gi;
const DOMAIN_LIKE = /\b[a-z0-9-]+\.(?:com|net|org|ru|xyz|top|info|io|ly|biz|site|online|click|link)\b/i;

function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

function filled(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  return typeof value !== 'string' || value.trim() !== '';
}

export function screenSubmission(input: SpamInput, timing: SpamTiming, config: QualityConfig['spam']): SpamVerdict {
  const signals: SpamSignal[] = [];
  const add = (code: SpamSignalCode, kind: 'test' | 'spam', field: string): void => {
    signals.push({ code, kind, field });
  };
  if (input.email && input.email.includes('@')) {
    const reason = testEmailReason(input.email.trim(), config.extraTestDomains);
    if (reason) add(reason, 'test', 'email');
  }
  for (const field of ['firstName', 'lastName'] as const) if (isTestName(input[field])) add('test-name', 'test', field);
  if (input.phone && isTestPhoneDigits(input.phone)) add('test-phone', 'test', 'phone');
  for (const field of ['firstName', 'lastName', 'company'] as const) {
    const value = input[field];
    if (!value) continue;
    // A domain-like company is often the brand itself (Booking.com); there only a real link counts.
    if (countLinks(value) > 0 || (field !== 'company' && DOMAIN_LIKE.test(value))) add('link-in-name', 'spam', field);
    else if (isKeyboardMash(value)) add('keyboard-mash', 'test', field);
  }
  for (const field of config.honeypotFields) if (filled(input.custom?.[field])) add('honeypot', 'spam', field);
  if (input.message && countLinks(input.message) > config.maxLinks) add('link-stuffing', 'spam', 'message');
  if (timing.renderStamp === 'invalid') add('bad-render-stamp', 'spam', 'renderStamp');
  else if (typeof timing.renderedAt === 'number') {
    const elapsed = timing.submittedAt - timing.renderedAt;
    // A render time after the submission (negative elapsed) can only be forged or wrong: also too fast.
    if (elapsed < config.minFillMs) add('too-fast', 'spam', 'renderedAt');
  }
  const verdict = signals.some((s) => s.kind === 'spam') ? 'spam' : signals.length > 0 ? 'test' : 'clean';
  return { verdict, signals, blocksSync: verdict !== 'clean' };
}
