import type { Config } from '../../config/loader.js';
import { STAGES, type StageName } from '../../domain/types.js';
import type { ConversationStore, IdentityLedger, LeadStore, RoutingStore } from '../../storage/ports.js';
import { followUpStage } from './follow-up.stage.js';
import { routeStage } from './route.stage.js';
import { scoreStage } from './score.stage.js';
import { passThroughStage, type Stage } from '../stage.js';
import { consentStage } from './consent.stage.js';
import { dedupeStage } from './dedupe.stage.js';
import { enrichStage } from './enrich.stage.js';
import { validateStage } from './validate.stage.js';
import { syncStage } from './sync.stage.js';
import type { CrmAccount } from '../../connectors/sync-runner.js';

/** Why a slot may still be empty; the slot then passes the lead through and its event says so. */
const PENDING: Readonly<Partial<Record<StageName, string>>> = {
  sync: 'no CRM accounts given to the pipeline',
};

export type StageSet = Readonly<Record<StageName, Stage>>;

export interface StageDeps {
  config: Pick<Config, 'quality' | 'sources' | 'intake' | 'scoring' | 'routing' | 'followup' | 'conversations'>;
  store: Pick<IdentityLedger, 'resolveIdentity'> & RoutingStore & Pick<LeadStore, 'listActivities'> & Partial<Pick<ConversationStore, 'leadConversations'>>;
  /** The CRM accounts leads are synced to (each its own `sync` job); none = the slot passes through. */
  accounts?: readonly CrmAccount[];
}

/** The pipeline's stages in order: the implemented ones, pass-throughs for the rest. */
export function pipelineStages(deps: StageDeps): Partial<Record<StageName, Stage>> {
  return {
    validate: validateStage(deps.config),
    enrich: enrichStage(deps.config),
    dedupe: dedupeStage(deps.config, deps.store),
    consent: consentStage(deps.config),
    score: scoreStage(deps.config, deps.store),
    route: routeStage(deps.config, deps.store),
    ...(deps.accounts ? { sync: syncStage(deps.accounts) } : {}),
    'follow-up': followUpStage(deps.config),
  };
}

/** A full stage set; `stages` fills slots (tests pass their own), the rest pass the lead through. */
export function buildStages(stages: Partial<Record<StageName, Stage>> = {}): StageSet {
  return Object.fromEntries(
    STAGES.map((name) => [name, stages[name] ?? passThroughStage(name, PENDING[name] ?? 'not configured')]),
  ) as StageSet;
}
