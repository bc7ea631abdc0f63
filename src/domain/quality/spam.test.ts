import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cachedWords, isKeyboardMash, WORD_CACHE_SIZE } from './keyboard-mash.js';
import { qualityConfigSchema } from './quality.schema.js';
import { readRenderStamp, renderTiming, signRenderStamp } from './render-stamp.js';
import { screenSubmission, type SpamInput, type SpamTiming } from './spam.js';
import { isTestName, isTestPhoneDigits, testEmailReason } from './test-data.js';

const config = qualityConfigSchema.parse({}).spam;
const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const calm: SpamTiming = { submittedAt: T0 + 60_000, renderedAt: T0 };
const clean: SpamInput = { email: 'jan.kowalski@acme.pl', phone: '+48888784878', firstName: 'Jan', lastName: 'Kowalski', company: 'Acme Sp. z o.o.', message: 'Proszę o ofertę.' };
const screen = (over: Partial<SpamInput>, timing: SpamTiming = calm) => screenSubmission({ ...clean, ...over }, timing, config);
const codes = (over: Partial<SpamInput>, timing: SpamTiming = calm) => screen(over, timing).signals.map((s) => s.code);

describe('screenSubmission', () => {
  it('passes a real lead', () => {
    expect(screen({})).toEqual({ verdict: 'clean', signals: [], blocksSync: false });
  });

  it('SPEC §4: test@test.test is flagged as test and blocks CRM sync', () => {
    expect(screen({ email: 'test@test.test' })).toEqual({
      verdict: 'test',
      signals: [{ code: 'reserved-tld', kind: 'test', field: 'email' }],
      blocksSync: true,
    });
  });

  it.each([
    ['jan@firma.example', 'reserved-tld'],
    ['jan@firma.invalid', 'reserved-tld'],
    ['jan@example.com', 'example-domain'],
    ['jan@mail.example.org', 'example-domain'],
    ['test@test.com', 'test-address'],
    ['asdf+1@asdf.pl', 'test-address'],
  ])('flags the test email %s (%s)', (email, code) => {
    expect(codes({ email })).toEqual([code]);
  });

  it('does not flag real people who merely look like tests', () => {
    expect(codes({ email: 'testa@testa.pl', firstName: 'Testa' })).toEqual([]);
    expect(codes({ email: 'jan@test.io' })).toEqual([]);
    expect(codes({ company: 'Booking.com' })).toEqual([]);
  });

  it('honours extra test domains from config', () => {
    const c = { ...config, extraTestDomains: ['qa.acme.pl'] };
    expect(screenSubmission({ email: 'jan@qa.acme.pl' }, calm, c).verdict).toBe('test');
  });

  it('flags test names, test phones and keyboard mash as test', () => {
    expect(codes({ firstName: 'Test', lastName: 'Testowy' })).toEqual(['test-name', 'test-name']);
    expect(codes({ phone: '+48 111 111 111' })).toEqual(['test-phone']);
    expect(codes({ phone: '123456789' })).toEqual(['test-phone']);
    expect(codes({ lastName: 'Asdfgh' })).toEqual(['keyboard-mash']);
  });

  it('flags a filled honeypot field as spam, whatever its value type', () => {
    expect(screen({ custom: { website_url: 'http://x.ru' } })).toMatchObject({ verdict: 'spam', signals: [{ code: 'honeypot', field: 'website_url' }] });
    expect(codes({ custom: { hp: 1 } })).toEqual(['honeypot']);
    expect(codes({ custom: { hp: '', website_url: '  ', _gotcha: false } })).toEqual([]);
  });

  it('flags a submission faster than minFillMs after the render, and a render time in the future', () => {
    expect(codes({}, { submittedAt: T0 + 1_500, renderedAt: T0 })).toEqual(['too-fast']);
    expect(codes({}, { submittedAt: T0, renderedAt: T0 + 10_000 })).toEqual(['too-fast']);
    expect(codes({}, { submittedAt: T0 + config.minFillMs, renderedAt: T0 })).toEqual([]);
    expect(codes({}, { submittedAt: T0 })).toEqual([]);
  });

  it('flags link stuffing above maxLinks, and any link in a name', () => {
    const links = 'Buy https://a.ru now www.b.ru and http://c.ru';
    expect(codes({ message: links })).toEqual(['link-stuffing']);
    expect(codes({ message: 'See https://acme.pl and https://acme.pl/oferta' })).toEqual([]);
    expect(codes({ firstName: 'cheap-pills.com' })).toEqual(['link-in-name']);
    expect(codes({ company: 'Visit http://spam.ru' })).toEqual(['link-in-name']);
  });

  it('spam wins over test when both are present', () => {
    expect(screen({ email: 'test@test.test', custom: { hp: 'x' } }).verdict).toBe('spam');
  });
});

describe('render stamp', () => {
  const secret = 's3cret';

  it('round-trips a signed render time for its form only', () => {
    const stamp = signRenderStamp(T0, 'contact', secret);
    expect(readRenderStamp(stamp, 'contact', secret)).toBe(T0);
    expect(readRenderStamp(stamp, 'other-form', secret)).toBeNull();
    expect(readRenderStamp(stamp, 'contact', 'wrong')).toBeNull();
  });

  it('refuses a stamp whose time was changed or that is malformed', () => {
    const stamp = signRenderStamp(T0, 'contact', secret);
    expect(readRenderStamp(stamp.replace(String(T0), String(T0 - 60_000)), 'contact', secret)).toBeNull();
    expect(readRenderStamp('garbage', 'contact', secret)).toBeNull();
    expect(readRenderStamp('', 'contact', secret)).toBeNull();
  });

  it('turns a forged stamp into a spam signal, and no stamp into no check', () => {
    const forged = renderTiming(`${T0 - 3_600_000}.contact.AAAA`, 'contact', secret, T0);
    expect(forged).toEqual({ submittedAt: T0, renderedAt: null, renderStamp: 'invalid' });
    expect(codes({}, forged)).toEqual(['bad-render-stamp']);
    expect(renderTiming(undefined, 'contact', secret, T0)).toEqual({ submittedAt: T0, renderedAt: null, renderStamp: 'absent' });
    const fast = renderTiming(signRenderStamp(T0 - 800, 'contact', secret), 'contact', secret, T0);
    expect(fast).toEqual({ submittedAt: T0, renderedAt: T0 - 800, renderStamp: 'valid' });
    expect(codes({}, fast)).toEqual(['too-fast']);
  });
});

describe('test data and keyboard mash', () => {
  it.each(['asdfgh', 'qwerty uiop', 'sdfsdf', 'xkcdjhg', 'aaaaa', 'asdasd', 'lalala', 'ZXCVB'])('%j is mash', (text) => {
    expect(isKeyboardMash(text)).toBe(true);
  });

  it.each(['Wertheimer', 'Krzysztof', 'Brzęczyszczykiewicz', 'Turtur', 'Gingin', 'Woywoy', 'Anna-Maria', 'Ng', 'Łukasz'])('%j is a name', (text) => {
    expect(isKeyboardMash(text)).toBe(false);
  });

  it('keeps judged words up to a bound, answering the same through it', () => {
    for (let i = 0; i < WORD_CACHE_SIZE * 2; i++) isKeyboardMash(`Name${i}`);
    expect(cachedWords()).toBeLessThanOrEqual(WORD_CACHE_SIZE);
    expect([isKeyboardMash('asdfgh'), isKeyboardMash('asdfgh'), isKeyboardMash('Anna'), isKeyboardMash('Anna')]).toEqual([true, true, false, false]);
  });

  it('spares every given name, surname and suburb of the Febrl original records', () => {
    const words = new Set<string>();
    for (const file of ['dataset1', 'dataset2', 'dataset3', 'dataset4a']) {
      const text = readFileSync(new URL(`../../../../shared/data/febrl/${file}.csv`, import.meta.url), 'utf8');
      for (const line of text.split('\n').slice(1)) {
        const cols = line.split(', ');
        if (!cols[0]?.endsWith('-org')) continue;
        for (const i of [1, 2, 6]) if (cols[i]) words.add(cols[i] ?? '');
      }
    }
    expect(words.size).toBeGreaterThan(3000);
    expect([...words].filter((w) => isKeyboardMash(w) || isTestName(w))).toEqual([]);
  });

  it('reads test emails narrowly', () => {
    expect(testEmailReason('TEST@Test.Test')).toBe('reserved-tld');
    expect(testEmailReason('jan@localhost')).toBe('reserved-tld');
    expect(testEmailReason('test@gmail.com')).toBeNull();
  });

  it('reads test phones from the last nine digits', () => {
    expect(isTestPhoneDigits('+48 999 999 999')).toBe(true);
    expect(isTestPhoneDigits('987654321')).toBe(true);
    expect(isTestPhoneDigits('+48 888 784 878')).toBe(false);
    expect(isTestPhoneDigits('11111')).toBe(false);
  });
});
