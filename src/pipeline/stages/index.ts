import { STAGES, type StageName } from '../../domain/types.js';
import { passThroughStage, type Stage } from '../stage.js';

/** Which issue fills each slot; until it lands, the slot passes the lead through. */
const PENDING: Readonly<Record<StageName, string>> = {
  validate: 'lead quality, issue 3',
  enrich: 'lead quality, issue 3',
  dedupe: 'lead quality, issue 3',
  consent: 'lead quality, issue 3',
  score: 'scoring, issue 4',
  route: 'routing, issue 4',
  sync: 'CRM connectors, issues 5 and 6',
  'follow-up': 'follow-up engine, issue 4',
};

export type StageSet = Readonly<Record<StageName, Stage>>;

/** The pipeline's stages in order; `overrides` replaces slots (tests, and issues as they land). */
export function buildStages(overrides: Partial<Record<StageName, Stage>> = {}): StageSet {
  return Object.fromEntries(STAGES.map((name) => [name, overrides[name] ?? passThroughStage(name, PENDING[name])])) as StageSet;
}
