import type { Utm } from '../types.js';

/**
 * Landing-page and referrer parsing for attribution. The stored landing path has tracking
 * parameters removed (they identify a click, not a page, and would split page reports); their
 * values are kept separately as UTM fields and click ids.
 */

export const UTM_PARAMS: Readonly<Record<keyof Utm, string>> = {
  source: 'utm_source',
  medium: 'utm_medium',
  campaign: 'utm_campaign',
  term: 'utm_term',
  content: 'utm_content',
};

/** Ad-platform click identifiers we record (Google, Meta, Microsoft, TikTok, LinkedIn, X). */
export const CLICK_ID_PARAMS = ['gclid', 'gbraid', 'wbraid', 'dclid', 'fbclid', 'msclkid', 'ttclid', 'li_fat_id', 'twclid'] as const;

const OTHER_TRACKING_PARAMS = [
  'utm_id', 'utm_source_platform', 'utm_creative_format', 'utm_marketing_tactic', '_ga', '_gl', 'mc_cid', 'mc_eid',
  '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking', 'mkt_tok', 'yclid', 'igshid', 'srsltid',
];

const NO_EXTRA: readonly string[] = [];
// Per list of extra parameters (the config's, so few): the set enrichment strips.
const trackingSets = new WeakMap<readonly string[], ReadonlySet<string>>();

export function trackingParams(extra: readonly string[] = NO_EXTRA): ReadonlySet<string> {
  let set = trackingSets.get(extra);
  if (!set) trackingSets.set(extra, (set = new Set([...Object.values(UTM_PARAMS), ...CLICK_ID_PARAMS, ...OTHER_TRACKING_PARAMS, ...extra].map((p) => p.toLowerCase()))));
  return set;
}

/** Parses an absolute http(s) URL; a bare `example.com/path` is read as https. Null otherwise. */
export function parseWebUrl(raw: string | undefined | null): URL | null {
  if (!raw) return null;
  const text = raw.trim();
  for (const candidate of [text, `https://${text}`]) {
    try {
      const url = new URL(candidate);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')) return url;
    } catch {
      // not a URL in this form; try the next reading
    }
  }
  return null;
}

export interface UrlParts {
  /** The URL without tracking parameters and fragment. */
  url: string;
  host: string;
  /** Path plus the remaining (non-tracking) query, e.g. `/pricing?plan=pro`. */
  path: string;
}

export function stripTracking(url: URL, strip: ReadonlySet<string>): UrlParts {
  const kept = new URL(url.href);
  kept.hash = '';
  // Deleting from `kept.searchParams` re-serializes the query on every delete; deleting from a
  // detached list and serializing once gives the same query (and leaves it as written when no
  // parameter goes).
  const params = new URLSearchParams(kept.search);
  let stripped = false;
  for (const key of [...params.keys()]) {
    if (strip.has(key.toLowerCase()) && params.has(key)) {
      params.delete(key);
      stripped = true;
    }
  }
  if (stripped) kept.search = params.toString();
  const host = kept.hostname.toLowerCase();
  return { url: kept.href, host, path: `${kept.pathname}${kept.search}` };
}

function param(url: URL, name: string): string | undefined {
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === name && value.trim() !== '') return value.trim();
  return undefined;
}

/** UTM fields: the ones given explicitly win, the landing URL's query fills the rest. */
export function utmFrom(given: Utm | undefined, landing: URL | null): Utm {
  const out: Utm = {};
  for (const [field, name] of Object.entries(UTM_PARAMS) as Array<[keyof Utm, string]>) {
    const value = given?.[field]?.trim() || (landing ? param(landing, name) : undefined);
    if (value) out[field] = value;
  }
  return out;
}

export type ClickIds = Partial<Record<(typeof CLICK_ID_PARAMS)[number], string>>;

export function clickIdsFrom(given: { gclid?: string; fbclid?: string }, landing: URL | null): ClickIds {
  const out: ClickIds = {};
  for (const name of CLICK_ID_PARAMS) {
    const explicit = name === 'gclid' ? given.gclid : name === 'fbclid' ? given.fbclid : undefined;
    const value = explicit?.trim() || (landing ? param(landing, name) : undefined);
    if (value) out[name] = value;
  }
  return out;
}
