import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SpamTiming } from './spam.js';

/**
 * The render stamp our embeddable form carries: when the page was rendered, signed so a bot
 * cannot forge an old time to pass the too-fast check. Format `<renderedAtMs>.<formId>.<sig>`,
 * sig = base64url HMAC-SHA256 of `<renderedAtMs>.<formId>` under the form's secret. Pure: the
 * secret and the times are arguments.
 */

function signature(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function signRenderStamp(renderedAt: number, formId: string, secret: string): string {
  const payload = `${Math.trunc(renderedAt)}.${formId}`;
  return `${payload}.${signature(payload, secret)}`;
}

/** The render time when the stamp is well formed, for this form, and correctly signed; else null. */
export function readRenderStamp(stamp: string, formId: string, secret: string): number | null {
  const last = stamp.lastIndexOf('.');
  const payload = stamp.slice(0, last);
  const first = payload.indexOf('.');
  if (last <= 0 || first <= 0 || payload.slice(first + 1) !== formId) return null;
  const renderedAt = Number(payload.slice(0, first));
  if (!Number.isSafeInteger(renderedAt)) return null;
  const given = Buffer.from(stamp.slice(last + 1));
  const expected = Buffer.from(signature(payload, secret));
  return given.length === expected.length && timingSafeEqual(given, expected) ? renderedAt : null;
}

/**
 * The timing the spam screen reads, from the stamp a submission carried (if any). A stamp that is
 * present but fails verification is reported as `invalid` — a bot that forges one is flagged, not
 * let through as if it had sent none.
 */
export function renderTiming(stamp: string | null | undefined, formId: string, secret: string, submittedAt: number): SpamTiming {
  if (stamp === undefined || stamp === null || stamp.trim() === '') return { submittedAt, renderedAt: null, renderStamp: 'absent' };
  const renderedAt = readRenderStamp(stamp.trim(), formId, secret);
  return renderedAt === null ? { submittedAt, renderedAt: null, renderStamp: 'invalid' } : { submittedAt, renderedAt, renderStamp: 'valid' };
}
