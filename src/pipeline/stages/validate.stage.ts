import type { Config } from '../../config/loader.js';
import { spread } from '../../lib/spread.js';
import { renderTiming, validateLead, type NormalizedFields, type SpamTiming } from '../../domain/quality/index.js';
import { PermanentError } from '../errors.js';
import type { Stage } from '../stage.js';
import { personData, qualityFor } from './person.js';

/** Where our own forms put the signed render timestamp (it arrives in `custom`, like any extra field). */
export const RENDER_STAMP_FIELD = '_rendered';

/**
 * validate: normalizes names, email, phone and company, screens for test and spam submissions and
 * applies the source's missing-data policy. Invalid values are kept raw and flagged, never dropped;
 * test and spam leads are kept, flagged and blocked from every CRM.
 */
export function validateStage(config: Pick<Config, 'quality' | 'sources' | 'intake'>): Stage {
  return {
    name: 'validate',
    run({ lead }) {
      const source = config.sources[lead.sourceId];
      const quality = qualityFor(config, lead.sourceId);
      const secret = config.intake.renderStampSecret;
      const stamp = lead.input.custom[RENDER_STAMP_FIELD];
      const timing: SpamTiming = secret
        ? renderTiming(typeof stamp === 'string' ? stamp : null, lead.sourceId, secret, lead.createdAt)
        : { submittedAt: lead.createdAt, renderedAt: null, renderStamp: 'absent' };
      const result = validateLead(lead.input, { config: quality, sourceCountry: source?.defaultCountry, timing });
      if (result.decision === 'reject') {
        throw new PermanentError(`missing required fields: ${result.missingData.missingRequired.join(', ')}`, 'VALIDATION');
      }
      const { input } = lead;
      const f = result.normalized.fields;
      // Written out rather than spread (it ran per lead); the type keeps it complete.
      const fields: NormalizedFields & Record<'product' | 'budget' | 'timeline' | 'language', string | null> = {
        email: f.email, phone: f.phone, firstName: f.firstName, lastName: f.lastName, company: f.company, companyKey: f.companyKey, jobTitle: f.jobTitle, country: f.country,
        product: input.product ?? null,
        budget: input.budget ?? null,
        timeline: input.timeline ?? null,
        language: input.language ?? null,
      };
      return {
        patch: {
          data: spread(personData(lead), {
            fields,
            quality: {
              email: result.normalized.email,
              phone: result.normalized.phone,
              company: result.normalized.company,
              spam: result.spam,
              missingData: result.missingData,
              blocksSync: result.blocksSync,
            },
            completeness: result.missingData.completeness,
            interactionCount: personData(lead).interactionCount ?? 1,
          }),
          flags: result.flags,
        },
        detail: {
          decision: result.decision,
          flags: result.flags,
          verdict: result.spam.verdict,
          signals: result.spam.signals.map((s) => s.code),
          missingRequired: result.missingData.missingRequired,
          missingPreferred: result.missingData.missingPreferred,
          blocksSync: result.blocksSync,
        },
      };
    },
  };
}
