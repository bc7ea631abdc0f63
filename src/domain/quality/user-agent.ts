import Bowser from 'bowser';

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

export function parseUserAgent(userAgent: string | undefined | null): DeviceInfo {
  const empty: DeviceInfo = { deviceType: 'unknown', os: null, osVersion: null, browser: null, browserVersion: null, vendor: null, model: null };
  if (!userAgent || userAgent.trim() === '') return empty;
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
