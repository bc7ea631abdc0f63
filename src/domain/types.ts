/**
 * Glossary — the words the whole code base uses, in one place.
 *
 * - **source**: a configured intake origin (an API key holder or a public form) that leads arrive
 *   through; every lead remembers the source id it came in by.
 * - **lead**: one person's inquiry as we hold it: the raw input exactly as accepted, the normalized
 *   data the stages derive from it, flags, score, owner and the ids it has in each CRM.
 * - **event**: one append-only entry of a lead's timeline `{eventId, status, at, durationMs, detail}`.
 *   Events are never updated or deleted (erasure keeps a tombstone).
 * - **job**: a unit of queued work for one lead, stored in the same database as the lead. A job of
 *   kind `process` runs the pipeline from its current `stage`; it is leased by one worker at a time
 *   and jobs of one lead never run concurrently.
 * - **stage**: one step of the pipeline, in order: validate, enrich, dedupe, consent, score, route,
 *   sync, follow-up. A stage is a function of (lead, config, time, lookups); its result is committed
 *   together with its event and the job's checkpoint, so a crash resumes at the first unfinished stage.
 * - **attempt**: one try of a stage for a job. Attempts count per stage and reset when it advances.
 * - **dead letter**: a job that exhausted its attempts or failed permanently, kept with a reason code
 *   until a person replays it.
 * - **connector**: the code that talks to one CRM account (HubSpot, Salesforce, Pipedrive, Zoho).
 * - **channel**: where a person talked to us (form, webchat, whatsapp, messenger, instagram, sms, email).
 * - **workspace**: the tenant every row belongs to; one `default` workspace today.
 *
 * Times are epoch milliseconds (`number`) everywhere inside the process; ISO strings only at the edges.
 */

export const STAGES = ['validate', 'enrich', 'dedupe', 'consent', 'score', 'route', 'sync', 'follow-up'] as const;
export type StageName = (typeof STAGES)[number];

/** The status an event records; each stage has the status it appends when it completes. */
export const STAGE_STATUS: Readonly<Record<StageName, string>> = {
  validate: 'validated',
  enrich: 'enriched',
  dedupe: 'deduped',
  consent: 'consent-recorded',
  score: 'scored',
  route: 'routed',
  sync: 'synced',
  'follow-up': 'followup-scheduled',
};

/** Statuses a lead's timeline may carry besides the per-stage ones. */
export const LIFECYCLE_STATUS = {
  received: 'received',
  completed: 'completed',
  rejected: 'rejected',
  retryScheduled: 'retry-scheduled',
  deadLettered: 'dead-lettered',
  replayed: 'replayed',
  alert: 'alert',
  merged: 'merged',
  mergedInto: 'merged-into',
  /** The score stage's event when progressive profiling converts the lead to an opportunity. */
  qualified: 'qualified',
} as const;

export interface Utm {
  source?: string;
  medium?: string;
  campaign?: string;
  term?: string;
  content?: string;
}

export interface ConsentInput {
  marketing?: boolean;
  contact?: boolean;
  policyVersion?: string;
  text?: string;
}

/** A lead as accepted by the intake: field names of the public API, values trimmed, nothing derived. */
export interface LeadInput {
  email?: string;
  phone?: string;
  firstName?: string;
  lastName?: string;
  /** Full name, split into first/last by the intake when those are absent. */
  name?: string;
  company?: string;
  jobTitle?: string;
  message?: string;
  product?: string;
  budget?: string;
  timeline?: string;
  country?: string;
  language?: string;
  timezone?: string;
  utm?: Utm;
  landingUrl?: string;
  referrer?: string;
  gclid?: string;
  fbclid?: string;
  consent?: ConsentInput;
  /** The lead source as the submitter names it (e.g. "Chatbot AI"); the intake source id is separate. */
  source?: string;
  channel?: string;
  custom: Record<string, unknown>;
}

/** What the intake knows about the request itself, kept beside the input. */
export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  origin?: string;
}

/** One entry of a lead's timeline. */
export interface LeadEvent {
  eventId: string;
  leadId: string;
  status: string;
  stage: StageName | null;
  at: number;
  durationMs: number | null;
  detail: Record<string, unknown>;
}

/**
 * The derived state of a lead. Stages read it and return patches of it; the store keeps it as
 * one document beside the raw input, with the fields lists filter on copied into columns.
 */
export interface LeadState {
  /** Normalized identity and context, filled by validate/enrich (raw values stay in `input`). */
  data: Record<string, unknown>;
  flags: string[];
  score: number | null;
  segment: string | null;
  owner: string | null;
  routingReason: string | null;
  crmIds: Record<string, string>;
}

export interface Lead extends LeadState {
  id: string;
  workspaceId: string;
  sourceId: string;
  status: string;
  input: LeadInput;
  meta: RequestMeta;
  createdAt: number;
  updatedAt: number;
  completedAt: number | null;
  /** Set when dedup merged this submission into another lead (the person's surviving lead). */
  mergedInto: string | null;
}
