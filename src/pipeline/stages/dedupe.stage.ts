import type { Config } from '../../config/loader.js';
import {
  decideMatch,
  evaluateMissingData,
  evidenceKeys,
  frequencyKeys,
  lookupKeys,
  mergeEventDetail,
  mergeLead,
  NO_FREQUENCIES,
  type EmailKeyOptions,
  type IdentityProfile,
} from '../../domain/quality/index.js';
import type { Lead, LeadState } from '../../domain/types.js';
import { LIFECYCLE_STATUS } from '../../domain/types.js';
import type { DedupePlan, FrequencyReader, IdentityLedger, LedgerCandidate } from '../../storage/ports.js';
import type { Stage, StageContext, StageResult } from '../stage.js';
import { mergeableOf, personData, profileOf, qualityFor } from './person.js';

// The ledger hands back one state object per unchanged candidate profile (see `LedgerCandidate`):
// its profile — and what matching derives from that object — is built once while the ledger keeps it.
const candidateProfiles = new WeakMap<LeadState, IdentityProfile>();
function candidateProfile(state: LeadState): IdentityProfile {
  let profile = candidateProfiles.get(state);
  if (!profile) candidateProfiles.set(state, (profile = profileOf(state)));
  return profile;
}

/**
 * dedupe: leads are people, submissions are events. In a lead's own job it asks the identity
 * ledger who this is — exact email or channel id merges, a phone merges only when the names agree,
 * name+company evidence (weighed by the ledger's name frequencies) above the auto threshold
 * merges, between the thresholds it becomes a merge suggestion — and, on a merge, ends this
 * submission's pipeline (`merged`). In the survivor's job that carries a merged submission, it
 * merges the fields under the survivor's own lease.
 */
export function dedupeStage(config: Pick<Config, 'quality' | 'sources'>, ledger: Pick<IdentityLedger, 'resolveIdentity'>): Stage {
  return {
    name: 'dedupe',
    async run(context) {
      return context.submission.id === context.lead.id ? identify(context) : absorb(context.lead, context.submission);
    },
  };

  async function identify({ lead, lease }: StageContext): Promise<StageResult> {
    const quality = qualityFor(config, lead.sourceId);
    const blocksSync = (personData(lead).quality as { blocksSync?: boolean } | undefined)?.blocksSync === true;
    if (blocksSync) {
      // Test and spam submissions stay out of the ledger: they must never merge into a real person.
      return { detail: { action: 'skipped', reason: 'test or spam submission' } };
    }
    const emailKeys: EmailKeyOptions = quality.email;
    const profile = profileOf(lead);
    const keys = lookupKeys(profile, emailKeys);
    const options = { ...quality.dedup, emailKeys };

    const decide = (candidates: LedgerCandidate[], readFrequencies: FrequencyReader): DedupePlan => {
      const held = candidates.map((c) => ({ leadId: c.leadId, profile: candidateProfile(c.state) }));
      // One read of the counts of the values alike enough to weigh; none when no candidate is weighed.
      const weighedKeys = evidenceKeys(profile, held.map((h) => h.profile));
      const frequencies = weighedKeys.length > 0 ? readFrequencies(weighedKeys) : NO_FREQUENCIES;
      const decision = decideMatch(profile, held, { ...options, frequencies });
      const suggestions = decision.suggestions.map((s) => ({ candidateId: s.leadId, rule: s.rule, confidence: s.confidence, evidence: { ...s } }));
      if (decision.action === 'merge' && decision.leadId !== null) {
        return { action: 'merge', into: decision.leadId, detail: { rule: decision.rule, confidence: decision.confidence, sharedKeys: decision.evidence?.sharedKeys ?? [] } };
      }
      return { action: 'new', suggestions };
    };

    const claim = { identityKeys: keys.identity, blockingKeys: keys.blocking, frequencyKeys: frequencyKeys(profile), person: lead };
    const outcome = await ledger.resolveIdentity(lease.job, lease.owner, claim, decide);
    if (outcome.action === 'new') {
      return {
        patch: { data: { ...personData(lead), identityKeys: keys.identity, blockingKeys: keys.blocking } },
        detail: { action: 'new', identityKeys: keys.identity.length, suggestions: outcome.suggestionIds },
      };
    }
    return {
      status: LIFECYCLE_STATUS.mergedInto,
      patch: { data: { ...personData(lead), mergedInto: outcome.into } },
      endWith: LIFECYCLE_STATUS.merged,
      detail: { action: 'merged-into', into: outcome.into, ...(outcome.action === 'merge' ? outcome.detail : { replayed: true }) },
    };
  }

  function absorb(lead: Lead, submission: Lead): StageResult {
    const quality = qualityFor(config, lead.sourceId);
    const result = mergeLead(mergeableOf(lead), mergeableOf(submission), { volatileFields: quality.merge.volatileFields, emailKeys: quality.email });
    const merged = result.lead;
    const data = personData(lead);
    // The merged person may now have what the missing-data policy asks for (or still lack it).
    const missing = evaluateMissingData(merged.fields, quality.missingData);
    const flags = new Set([...lead.flags, ...submission.flags].filter((f) => f !== 'incomplete'));
    if (missing.outcome === 'incomplete') flags.add('incomplete');
    return {
      status: LIFECYCLE_STATUS.merged,
      patch: {
        data: {
          ...data,
          fields: merged.fields,
          secondaryEmails: merged.secondaryEmails,
          secondaryPhones: merged.secondaryPhones,
          channelIds: merged.channelIds,
          attribution: merged.attribution,
          interactionCount: merged.interactionCount,
          completeness: missing.completeness,
        },
        flags: [...flags],
      },
      detail: { from: submission.id, interactionCount: merged.interactionCount, ...mergeEventDetail(result) },
    };
  }
}
