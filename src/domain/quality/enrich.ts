import type { LeadInput, RequestMeta, Utm } from '../types.js';
import type { QualityConfig } from './quality.schema.js';
import { classifyTraffic, type TrafficChannel } from './traffic-channel.js';
import { resolveTimeZone, type TimeZoneInfo } from './timezone.js';
import type { Touch } from './touches.js';
import { clickIdsFrom, parseWebUrl, stripTracking, trackingParams, utmFrom, type ClickIds, type UrlParts } from './url-attribution.js';
import { parseUserAgent, type DeviceInfo } from './user-agent.js';

/**
 * The enrich stage's pure part: everything derivable from the submission itself. Given values win
 * over derived ones (an explicit `utm.source` beats the landing URL's `utm_source`).
 */
export interface Enrichment {
  utm: Utm;
  clickIds: ClickIds;
  landing: UrlParts | null;
  referrer: UrlParts | null;
  trafficChannel: TrafficChannel;
  device: DeviceInfo;
  timeZone: TimeZoneInfo | null;
  /** This submission as a touch, for `addTouch` on the person's attribution. */
  touch: Touch;
}

export interface EnrichContext {
  at: number;
  /** The contact channel when the input does not name one (`form` for web forms). */
  defaultChannel?: string;
}

export function enrichLead(
  input: LeadInput,
  meta: RequestMeta,
  context: EnrichContext,
  config: QualityConfig['enrichment'] = { extraStrippedParams: [], internalHosts: [] },
): Enrichment {
  const strip = trackingParams(config.extraStrippedParams);
  const landingUrl = parseWebUrl(input.landingUrl);
  const referrerUrl = parseWebUrl(input.referrer);
  const landing = landingUrl ? stripTracking(landingUrl, strip) : null;
  const referrer = referrerUrl ? stripTracking(referrerUrl, strip) : null;
  const utm = utmFrom(input.utm, landingUrl);
  const clickIds = clickIdsFrom(input, landingUrl);
  const trafficChannel = classifyTraffic({
    utm,
    clickIds,
    referrerHost: referrer?.host ?? null,
    landingHost: landing?.host ?? null,
    internalHosts: config.internalHosts,
  });
  const channel = (input.channel?.trim().toLowerCase() || context.defaultChannel) ?? 'form';
  return {
    utm,
    clickIds,
    landing,
    referrer,
    trafficChannel,
    device: parseUserAgent(meta.userAgent),
    timeZone: resolveTimeZone(input.timezone, context.at),
    touch: {
      at: context.at,
      channel,
      trafficChannel,
      utm,
      clickIds,
      landingHost: landing?.host ?? null,
      landingPath: landing?.path ?? null,
      referrerHost: referrer?.host ?? null,
    },
  };
}
