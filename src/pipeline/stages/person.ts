import {
  configForSource,
  identityProfile,
  type Attribution,
  type IdentityProfile,
  type MergeableLead,
  type NormalizedFields,
  type QualityConfig,
} from '../../domain/quality/index.js';
import type { LeadState } from '../../domain/types.js';
import type { Config } from '../../config/loader.js';

/**
 * How the quality stages keep a person in `lead.data`: normalized `fields`, secondary identifiers,
 * channel ids, attribution and the interaction count — the shape dedup matches on and merges.
 */
export interface PersonData {
  fields?: NormalizedFields & Record<string, unknown>;
  secondaryEmails?: string[];
  secondaryPhones?: string[];
  channelIds?: string[];
  attribution?: Attribution | null;
  interactionCount?: number;
  [key: string]: unknown;
}

export const personData = (state: Pick<LeadState, 'data'>): PersonData => state.data as PersonData;

export function profileOf(state: Pick<LeadState, 'data'>): IdentityProfile {
  const d = personData(state);
  const fields = d.fields ?? ({ email: null, phone: null, firstName: null, lastName: null, company: null, companyKey: null, jobTitle: null, country: null } as NormalizedFields);
  return { ...identityProfile(fields, d.channelIds ?? []), secondaryEmails: d.secondaryEmails ?? [], secondaryPhones: d.secondaryPhones ?? [] };
}

export function mergeableOf(state: Pick<LeadState, 'data' | 'owner'>): MergeableLead {
  const d = personData(state);
  return {
    fields: { ...(d.fields ?? {}) },
    secondaryEmails: d.secondaryEmails ?? [],
    secondaryPhones: d.secondaryPhones ?? [],
    channelIds: d.channelIds ?? [],
    attribution: d.attribution ?? null,
    interactionCount: d.interactionCount ?? 1,
    owner: state.owner,
  };
}

/** The quality config a lead's source sees: the workspace section with the source's overrides. */
export function qualityFor(config: Pick<Config, 'quality' | 'sources'>, sourceId: string): QualityConfig {
  return configForSource(config.quality, config.sources[sourceId]?.quality);
}
