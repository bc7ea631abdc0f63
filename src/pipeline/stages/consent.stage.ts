import type { Config } from '../../config/loader.js';
import { spread } from '../../lib/spread.js';
import { buildConsentRecords } from '../../domain/quality/index.js';
import type { Stage } from '../stage.js';
import { personData, qualityFor } from './person.js';

/**
 * consent: appends what the submission said about consent to the person's append-only ledger —
 * purpose, granted or declined, policy version and the hash of its registered text, time, IP (per
 * the IP policy), user agent, source and the checkbox text. The records commit with the checkpoint.
 */
export function consentStage(config: Pick<Config, 'quality' | 'sources'>): Stage {
  return {
    name: 'consent',
    run({ lead, submission }) {
      // A submission whose own job recorded its consent already (an accepted merge suggestion).
      if (submission.id !== lead.id && personData(submission).consentRecorded === true) {
        return { detail: { skipped: true, reason: 'recorded with the merged submission', submission: submission.id } };
      }
      const build = buildConsentRecords(
        submission.input.consent,
        { at: submission.createdAt, source: submission.input.channel ?? (submission.meta.origin ? 'form' : 'api'), ip: submission.meta.ip, userAgent: submission.meta.userAgent },
        qualityFor(config, submission.sourceId).consent,
      );
      return {
        consents: build.records,
        patch: submission.id === lead.id ? { data: spread(personData(lead), { consentRecorded: true }) } : {},
        detail: {
          records: build.records.map((r) => ({ purpose: r.purpose, action: r.action, policyVersion: r.policyVersion })),
          problems: build.problems,
          ...(submission.id === lead.id ? {} : { submission: submission.id }),
        },
      };
    },
  };
}
