import type { Lead, LeadEvent, LeadState, StageName } from '../../domain/types.js';
import type { DeadLetterReason } from '../../pipeline/errors.js';
import type { DeadLetter, Job } from '../ports.js';

/** Row shapes as SQLite returns them, and their mapping to the port's types. */

export interface LeadRow {
  id: string;
  workspace_id: string;
  source_id: string;
  status: string;
  input: string;
  meta: string;
  state: string;
  created_at: number;
  updated_at: number;
  completed_at: number | null;
  merged_into: string | null;
}

export interface EventRow {
  id: string;
  lead_id: string;
  status: string;
  stage: string | null;
  at: number;
  duration_ms: number | null;
  detail: string;
}

export interface JobRow {
  id: string;
  lead_id: string;
  key: string;
  stage: string;
  attempts: number;
  run_at: number;
  leased_until: number | null;
  lease_owner: string | null;
  submission_id: string | null;
  kind: string;
  payload: string | null;
  /** The steps that follow a step job, not yet scheduled (migration 12). */
  chain: string | null;
}

export interface DeadLetterRow {
  id: string;
  lead_id: string;
  job_key: string;
  stage: string;
  reason: string;
  error: string;
  attempts: number;
  created_at: number;
  replayed_at: number | null;
  kind: string;
  payload: string | null;
  submission_id: string | null;
}

export const EMPTY_STATE: LeadState = { data: {}, flags: [], score: null, segment: null, owner: null, routingReason: null, crmIds: {} };

export function toLead(row: LeadRow): Lead {
  const state = JSON.parse(row.state) as LeadState;
  return {
    ...state,
    id: row.id,
    workspaceId: row.workspace_id,
    sourceId: row.source_id,
    status: row.status,
    input: JSON.parse(row.input) as Lead['input'],
    meta: JSON.parse(row.meta) as Lead['meta'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    mergedInto: row.merged_into,
  };
}

export function stateOf(lead: LeadState): LeadState {
  return {
    data: lead.data,
    flags: lead.flags,
    score: lead.score,
    segment: lead.segment,
    owner: lead.owner,
    routingReason: lead.routingReason,
    crmIds: lead.crmIds,
  };
}

export function toEvent(row: EventRow): LeadEvent {
  return {
    eventId: row.id,
    leadId: row.lead_id,
    status: row.status,
    stage: row.stage as StageName | null,
    at: row.at,
    durationMs: row.duration_ms,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
  };
}

export function toJob(row: JobRow): Job {
  return {
    id: row.id,
    leadId: row.lead_id,
    key: row.key,
    stage: row.stage as StageName,
    attempts: row.attempts,
    runAt: row.run_at,
    leasedUntil: row.leased_until,
    leaseOwner: row.lease_owner,
    submissionId: row.submission_id,
    kind: row.kind === 'step' || row.kind === 'sync' ? row.kind : 'process',
    payload: row.payload === null ? null : (JSON.parse(row.payload) as unknown),
  };
}

export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    leadId: row.lead_id,
    jobKey: row.job_key,
    stage: row.stage as StageName,
    reason: row.reason as DeadLetterReason,
    error: row.error,
    attempts: row.attempts,
    createdAt: row.created_at,
    replayedAt: row.replayed_at,
  };
}
