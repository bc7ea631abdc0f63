import type { Config } from '../../config/loader.js';
import { spread } from '../../lib/spread.js';
import { addTouch, enrichLead, type Enrichment } from '../../domain/quality/index.js';
import type { Stage } from '../stage.js';
import { personData, qualityFor } from './person.js';

/**
 * enrich: UTM (given, else from the landing URL), click ids, landing/referrer without tracking
 * parameters, traffic channel, device from the user agent, time zone — and this submission as a
 * touch on the person's attribution (first touch kept forever, last touch updated).
 */
export function enrichStage(config: Pick<Config, 'quality' | 'sources'>): Stage {
  return {
    name: 'enrich',
    run({ lead }) {
      const enriched = enrichLead(
        lead.input,
        lead.meta,
        { at: lead.createdAt, defaultChannel: lead.input.channel ?? 'form' },
        qualityFor(config, lead.sourceId).enrichment,
      );
      // Written out rather than a rest destructuring (a slow path in V8): everything but the touch.
      const { utm, clickIds, landing, referrer, trafficChannel, device, timeZone, touch } = enriched;
      const enrichment: Omit<Enrichment, 'touch'> = { utm, clickIds, landing, referrer, trafficChannel, device, timeZone };
      const data = personData(lead);
      const attribution = addTouch(data.attribution, touch);
      return {
        patch: { data: spread(data, { enrichment, attribution, channelIds: data.channelIds ?? [] }) },
        detail: {
          trafficChannel: enrichment.trafficChannel,
          channel: touch.channel,
          device: enrichment.device,
          utm: enrichment.utm,
          clickIds: Object.keys(enrichment.clickIds),
          touchCount: attribution.touchCount,
        },
      };
    },
  };
}
