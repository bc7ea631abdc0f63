import type { Lead, LeadEvent } from '../domain/types.js';
import type { ConsentRecord } from '../domain/quality/index.js';
import type { DeadLetter, MergeSuggestion } from '../storage/ports.js';
import { ApiError } from './errors.js';

/** Internal records → API shapes: ISO times at the edge, derived data under `identity`. */
const iso = (ms: number) => new Date(ms).toISOString();

export function leadView(lead: Lead, events?: LeadEvent[]) {
  return {
    id: lead.id,
    status: lead.status,
    sourceId: lead.sourceId,
    createdAt: iso(lead.createdAt),
    updatedAt: iso(lead.updatedAt),
    completedAt: lead.completedAt === null ? null : iso(lead.completedAt),
    mergedInto: lead.mergedInto,
    input: lead.input as unknown as Record<string, unknown>,
    identity: lead.data,
    flags: lead.flags,
    score: lead.score,
    segment: lead.segment,
    owner: lead.owner,
    routingReason: lead.routingReason,
    crmIds: lead.crmIds,
    ...(events ? { events: events.map(eventView) } : {}),
  };
}

export function eventView(event: LeadEvent) {
  return { eventId: event.eventId, status: event.status, stage: event.stage, at: iso(event.at), durationMs: event.durationMs, detail: event.detail };
}

export function deadLetterView(letter: DeadLetter) {
  return {
    id: letter.id,
    leadId: letter.leadId,
    stage: letter.stage,
    reason: letter.reason,
    error: letter.error,
    attempts: letter.attempts,
    createdAt: iso(letter.createdAt),
    replayedAt: letter.replayedAt === null ? null : iso(letter.replayedAt),
  };
}

export function suggestionView(s: MergeSuggestion) {
  return { ...s, createdAt: iso(s.createdAt), decidedAt: s.decidedAt === null ? null : iso(s.decidedAt) };
}

export function consentView(r: ConsentRecord) {
  return { ...r, at: iso(r.at) };
}

/** Cursors are opaque to clients: the last id of the page, base64url-encoded. */
export function encodeCursor(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]{2}_[0-9A-Z]{26}$/.test(id)) throw new ApiError('VALIDATION_FAILED', 'invalid cursor', [{ path: 'querystring.cursor', message: 'not a cursor this API issued' }]);
  return id;
}

/** One page of a newest-first listing fetched with limit+1 rows. */
export function page<T extends { id: string }>(rows: T[], limit: number): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1]!.id) : null };
}
