import type { ConsentRecord } from '../domain/quality/index.js';
import type { Lead, LeadState, StageName } from '../domain/types.js';
import type { Job, ScheduledStep } from '../storage/ports.js';

/**
 * The contract every pipeline stage implements. A stage reads the lead as committed so far and
 * returns a patch of its derived state plus the detail its event records; it signals failure only
 * by throwing one of the typed errors in `errors.ts`. Its result and event commit with the job's
 * next checkpoint, so a stage may be re-run after a crash: its side effects must be idempotent.
 * A stage that writes shared state other leads read (the identity ledger, the routing rotation)
 * does so in one store write that checks the job's lease, is replayed by a re-run, and carries
 * everything those readers need — none of the job's earlier results are committed before it.
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
  run(context: StageContext): Promise<StageResult> | StageResult;
}

/** An empty slot (sync with no CRM account given): the lead passes through, and the event says why. */
export function passThroughStage(name: StageName, reason: string): Stage {
  return {
    name,
    run: () => ({ detail: { implemented: false, note: `${reason}; lead passed through unchanged` } }),
  };
}
