import type { Utm } from '../types.js';
import type { ClickIds } from './url-attribution.js';

/**
 * The marketing channel a visit came through, in the usual analytics buckets. Evidence order:
 * UTM medium (the marketer's own label), paid click ids, then the referrer's host.
 */
export type TrafficChannel = 'paid-search' | 'paid-social' | 'organic-search' | 'social' | 'email' | 'display' | 'affiliate' | 'referral' | 'direct';

const MEDIUM_CHANNEL: ReadonlyArray<[RegExp, TrafficChannel]> = [
  [/^(cpc|ppc|paid[-_ ]?search|sem|adwords)$/i, 'paid-search'],
  [/^(paid[-_ ]?social|social[-_ ]?paid|paidsocial)$/i, 'paid-social'],
  [/^(e-?mail|newsletter|mailing)$/i, 'email'],
  [/^(social|social[-_ ]?network|sm)$/i, 'social'],
  [/^(display|banner|cpm|programmatic)$/i, 'display'],
  [/^(affiliate|partner)$/i, 'affiliate'],
  [/^organic$/i, 'organic-search'],
  [/^referral$/i, 'referral'],
];

const SEARCH_HOSTS = /(^|\.)(google\.[a-z.]+|bing\.com|duckduckgo\.com|yahoo\.[a-z.]+|yandex\.[a-z.]+|ecosia\.org|baidu\.com|search\.brave\.com|startpage\.com)$/;
const SOCIAL_HOSTS = /(^|\.)(facebook\.com|fb\.com|instagram\.com|linkedin\.com|lnkd\.in|t\.co|twitter\.com|x\.com|youtube\.com|tiktok\.com|reddit\.com|pinterest\.[a-z.]+|threads\.net|wykop\.pl)$/;

export interface ChannelEvidence {
  utm: Utm;
  clickIds: ClickIds;
  referrerHost: string | null;
  landingHost: string | null;
  internalHosts: readonly string[];
}

export function classifyTraffic(e: ChannelEvidence): TrafficChannel {
  const medium = e.utm.medium?.trim();
  if (medium) for (const [pattern, channel] of MEDIUM_CHANNEL) if (pattern.test(medium)) return channel;
  if (e.clickIds.gclid || e.clickIds.gbraid || e.clickIds.wbraid || e.clickIds.msclkid || e.clickIds.dclid) return 'paid-search';
  if (e.clickIds.ttclid || e.clickIds.li_fat_id || e.clickIds.twclid) return 'paid-social';
  const ref = e.referrerHost;
  if (ref && ref !== e.landingHost && !e.internalHosts.some((h) => ref === h || ref.endsWith(`.${h}`))) {
    if (SEARCH_HOSTS.test(ref)) return 'organic-search';
    if (SOCIAL_HOSTS.test(ref)) return 'social';
    return 'referral';
  }
  // fbclid is added to organic Facebook link clicks too, so on its own it means social, not paid.
  if (e.clickIds.fbclid) return 'social';
  if (medium) return 'referral';
  return 'direct';
}
