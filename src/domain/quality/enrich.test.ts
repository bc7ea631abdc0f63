import { describe, expect, it } from 'vitest';
import type { LeadInput } from '../types.js';
import { enrichLead } from './enrich.js';
import { resolveTimeZone } from './timezone.js';
import { classifyTraffic } from './traffic-channel.js';
import { parseWebUrl, stripTracking, trackingParams, utmFrom } from './url-attribution.js';
import { cachedUserAgents, parseUserAgent, USER_AGENT_CACHE_SIZE } from './user-agent.js';

const SUMMER = Date.UTC(2025, 6, 1, 12);
const WINTER = Date.UTC(2025, 0, 15, 12);
const lead = (over: Partial<LeadInput>): LeadInput => ({ custom: {}, ...over });
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

describe('enrichLead', () => {
  const input = lead({
    landingUrl: 'https://acme.pl/oferta?plan=pro&utm_source=google&utm_medium=cpc&utm_campaign=wiosna&gclid=abc123&_hsenc=x#form',
    referrer: 'https://www.google.com/search?q=crm',
    timezone: 'Europe/Warsaw',
  });
  const e = enrichLead(input, { userAgent: IPHONE }, { at: SUMMER });

  it('takes UTM and click ids from the landing URL when not given', () => {
    expect(e.utm).toEqual({ source: 'google', medium: 'cpc', campaign: 'wiosna' });
    expect(e.clickIds).toEqual({ gclid: 'abc123' });
  });

  it('stores the landing path without tracking parameters or fragment', () => {
    expect(e.landing).toEqual({ url: 'https://acme.pl/oferta?plan=pro', host: 'acme.pl', path: '/oferta?plan=pro' });
    expect(e.referrer?.host).toBe('www.google.com');
  });

  it('classifies the channel, parses the device and resolves the offset at the submission time', () => {
    expect(e.trafficChannel).toBe('paid-search');
    expect(e.device).toMatchObject({ deviceType: 'mobile', os: 'iOS', browser: 'Safari' });
    expect(e.timeZone).toEqual({ timeZone: 'Europe/Warsaw', offsetMinutes: 120 });
  });

  it('builds this submission as a touch', () => {
    expect(e.touch).toMatchObject({ at: SUMMER, channel: 'form', trafficChannel: 'paid-search', landingHost: 'acme.pl', landingPath: '/oferta?plan=pro', referrerHost: 'www.google.com' });
  });

  it('lets explicit values win over the landing URL', () => {
    const explicit = enrichLead(lead({ landingUrl: 'acme.pl/?utm_source=google&gclid=a', utm: { source: 'newsletter' }, gclid: 'b', channel: 'WhatsApp' }), {}, { at: WINTER });
    expect(explicit.utm.source).toBe('newsletter');
    expect(explicit.clickIds.gclid).toBe('b');
    expect(explicit.touch.channel).toBe('whatsapp');
    expect(explicit.device.deviceType).toBe('unknown');
  });

  it('strips configured extra parameters and treats internal referrers as direct', () => {
    const config = { extraStrippedParams: ['ref'], internalHosts: ['acme.pl'] };
    const r = enrichLead(lead({ landingUrl: 'https://shop.acme.pl/x?ref=nav&id=7', referrer: 'https://blog.acme.pl/post' }), {}, { at: WINTER }, config);
    expect(r.landing?.path).toBe('/x?id=7');
    expect(r.trafficChannel).toBe('direct');
  });
});

describe('classifyTraffic', () => {
  const base = { utm: {}, clickIds: {}, referrerHost: null, landingHost: 'acme.pl', internalHosts: [] };
  it.each([
    [{ utm: { medium: 'email' } }, 'email'],
    [{ utm: { medium: 'paid_social' } }, 'paid-social'],
    [{ clickIds: { msclkid: 'x' } }, 'paid-search'],
    [{ clickIds: { fbclid: 'x' } }, 'social'],
    [{ referrerHost: 'www.bing.com' }, 'organic-search'],
    [{ referrerHost: 'l.facebook.com' }, 'social'],
    [{ referrerHost: 'partner.example.net' }, 'referral'],
    [{ referrerHost: 'acme.pl' }, 'direct'],
    [{ utm: { medium: 'qr-poster' } }, 'referral'],
    [{}, 'direct'],
  ])('%j → %s', (over, expected) => {
    expect(classifyTraffic({ ...base, ...over })).toBe(expected);
  });
});

describe('url helpers', () => {
  it('parses bare hosts as https and refuses non-web URLs', () => {
    expect(parseWebUrl('acme.pl/cennik')?.href).toBe('https://acme.pl/cennik');
    expect(parseWebUrl('javascript:alert(1)')).toBeNull();
    expect(parseWebUrl('localhost')).toBeNull();
    expect(parseWebUrl(undefined)).toBeNull();
  });

  it('reads UTM parameters case-insensitively and ignores empty ones', () => {
    const url = parseWebUrl('https://acme.pl/?UTM_SOURCE=fb&utm_medium=');
    expect(utmFrom(undefined, url)).toEqual({ source: 'fb' });
  });

  it('strips every known tracking parameter and keeps the rest', () => {
    const url = parseWebUrl('https://Acme.PL/a?fbclid=1&msclkid=2&utm_id=3&q=crm') as URL;
    expect(stripTracking(url, trackingParams())).toEqual({ url: 'https://acme.pl/a?q=crm', host: 'acme.pl', path: '/a?q=crm' });
  });

  it('gives the URL that deleting each tracking parameter from the URL itself gives', () => {
    const byDeleting = (url: URL, strip: ReadonlySet<string>): string => {
      const kept = new URL(url.href);
      kept.hash = '';
      for (const key of [...kept.searchParams.keys()]) if (strip.has(key.toLowerCase())) kept.searchParams.delete(key);
      return kept.href;
    };
    for (const raw of [
      'https://a.pl/x?q=a%20b&utm_source=g&q=c+d#top', 'https://a.pl/x?q=a%20b', 'https://a.pl/x?UTM_SOURCE=1&utm_source=2&gclid=3',
      'https://a.pl/x?utm_source=1', 'https://a.pl/x?', 'https://a.pl/x?a=\'&b=%27&gclid=1', 'https://a.pl/x?a&b=&gclid',
    ]) {
      const url = parseWebUrl(raw) as URL;
      expect(stripTracking(url, trackingParams()).url).toBe(byDeleting(url, trackingParams()));
    }
  });
});

describe('user agent and time zone', () => {
  it('parses desktop browsers and tolerates an empty header', () => {
    expect(parseUserAgent(WINDOWS_CHROME)).toMatchObject({ deviceType: 'desktop', os: 'Windows', osVersion: '10', browser: 'Chrome' });
    expect(parseUserAgent('')).toMatchObject({ deviceType: 'unknown', os: null, browser: null });
  });

  it('keeps parsed headers up to a bound and hands every caller its own copy', () => {
    const first = parseUserAgent(WINDOWS_CHROME);
    first.browser = 'changed by a caller';
    expect(parseUserAgent(WINDOWS_CHROME).browser).toBe('Chrome');
    for (let i = 0; i < USER_AGENT_CACHE_SIZE * 2; i++) parseUserAgent(`${WINDOWS_CHROME} build/${i}`);
    expect(cachedUserAgents()).toBeLessThanOrEqual(USER_AGENT_CACHE_SIZE);
    expect(parseUserAgent(WINDOWS_CHROME)).toMatchObject({ deviceType: 'desktop', os: 'Windows', osVersion: '10', browser: 'Chrome' });
  });

  it('resolves IANA zones with summer time, fixed offsets and UTC', () => {
    expect(resolveTimeZone('Europe/Warsaw', WINTER)).toEqual({ timeZone: 'Europe/Warsaw', offsetMinutes: 60 });
    expect(resolveTimeZone('America/New_York', SUMMER)).toEqual({ timeZone: 'America/New_York', offsetMinutes: -240 });
    expect(resolveTimeZone('UTC+05:30', WINTER)).toEqual({ timeZone: null, offsetMinutes: 330 });
    expect(resolveTimeZone('-0300', WINTER)).toEqual({ timeZone: null, offsetMinutes: -180 });
    expect(resolveTimeZone('Z', WINTER)).toEqual({ timeZone: 'UTC', offsetMinutes: 0 });
    expect(resolveTimeZone('Mars/Olympus', WINTER)).toBeNull();
    expect(resolveTimeZone('+25:00', WINTER)).toBeNull();
  });
});
