import type { ConsentRecord } from '../domain/quality/index.js';
import type { Lead, LeadState, StageName } from '../domain/types.js';
import type { Job, ScheduledStep } from '../storage/ports.js';

/**
 * The contract every pipeline stage implements. A stage reads the lead as committed so far and
 * returns a patch of its derived state plus the detail its event records; it signals failure only
 * by throwing one of the typed errors in `errors.ts`. A stage may be re-run after a crash (its
 * checkpoint commits with its event), so its side effects must be idempotent.
 */
export interface StageContext {
  lead: Lead;
  /**
   * The submission being processed: the lead itself, or — in the survivor's job after a merge — the
   * merged-away lead whose input (consent, attribution) this job carries.
   */
  submission: Lead;
  /** Epoch ms at the start of this attempt. */
  now: number;
  /** 1 for the first attempt of this stage. */
  attempt: number;
  /** Aborted when the worker's shutdown deadline passes. */
  signal: AbortSignal;
  /** The job and lease this run holds, for store writes that must check it (e.g. the identity ledger). */
  lease: { job: Job; owner: string };
}

export interface StageResult {
  patch?: Partial<LeadState>;
  detail?: Record<string, unknown>;
  /** The event status to record; defaults to the stage's own (STAGE_STATUS). */
  status?: string;
  /** Consent records to append for the lead, committed with this stage's checkpoint. */
  consents?: ConsentRecord[];
  /** End the pipeline for this job here, leaving the lead in this status (e.g. `merged`). */
  endWith?: string;
  /** Timed follow-up steps to schedule (or move) with this stage's checkpoint. */
  schedule?: ScheduledStep[];
  /** Keys of scheduled steps to drop with this stage's checkpoint. */
  unschedule?: string[];
}

export interface Stage {
  name: StageName;
  /**
   * True when the stage writes shared state (the identity ledger, the routing rotation) that later
   * work of other leads reads. The worker then commits everything before it first, so that state
   * never refers to uncommitted results. The stage's own write must be idempotent per job (a re-run
   * after a crash replays it) and refused unless the job stands at this stage (the checkpoint is
   * queued, not awaited: the write may run before it is known to have committed, never before it
   * was written); the stage must act on nothing outside the store before that write. Its result
   * commits with the next checkpoint. Stages without effects are committed together with their
   * neighbours — after a crash they simply run again.
   */
  effects?: boolean;
  run(context: StageContext): Promise<StageResult> | StageResult;
}

/** An empty slot (sync with no CRM account given): the lead passes through, and the event says why. */
export function passThroughStage(name: StageName, reason: string): Stage {
  return {
    name,
    run: () => ({ detail: { implemented: false, note: `${reason}; lead passed through unchanged` } }),
  };
}
