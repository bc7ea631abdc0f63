import Bowser from 'bowser';
import { cached } from '../../lib/bounded-cache.js';

/**
 * Device, OS and browser from a User-Agent header through bowser (a maintained parser). Unknown
 * parts are null; an empty or missing header gives `deviceType: 'unknown'`.
 */
export interface DeviceInfo {
  deviceType: 'desktop' | 'mobile' | 'tablet' | 'tv' | 'bot' | 'unknown';
  os: string | null;
  osVersion: string | null;
  browser: string | null;
  browserVersion: string | null;
  vendor: string | null;
  model: string | null;
}

const DEVICE_TYPES = new Set(['desktop', 'mobile', 'tablet', 'tv', 'bot']);

// A few browser builds send most of the traffic, and bowser's parse costs tens of µs: parsed
// headers are kept, up to a bound (cleared when full), and every caller gets its own copy.
export const USER_AGENT_CACHE_SIZE = 1024;
const parsedAgents = new Map<string, DeviceInfo>();

/** How many headers the cache holds (for the bound's test). */
export const cachedUserAgents = (): number => parsedAgents.size;

export function parseUserAgent(userAgent: string | undefined | null): DeviceInfo {
  const empty: DeviceInfo = { deviceType: 'unknown', os: null, osVersion: null, browser: null, browserVersion: null, vendor: null, model: null };
  if (!userAgent || userAgent.trim() === '') return empty;
  return { ...cached(parsedAgents, USER_AGENT_CACHE_SIZE, userAgent, parseWithBowser) };
}

function parseWithBowser(userAgent: string): DeviceInfo {
  const parsed = Bowser.parse(userAgent);
  const type = parsed.platform.type ?? '';
  return {
    deviceType: DEVICE_TYPES.has(type) ? (type as DeviceInfo['deviceType']) : 'unknown',
    os: parsed.os.name ?? null,
    // Windows reports "NT 10.0" as version and "10" as its marketing name; the name is what people search for.
    osVersion: parsed.os.versionName ?? parsed.os.version ?? null,
    browser: parsed.browser.name ?? null,
    browserVersion: parsed.browser.version ?? null,
    vendor: parsed.platform.vendor ?? null,
    model: parsed.platform.model ?? null,
  };
}
