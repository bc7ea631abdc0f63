import { describe, expect, it } from 'vitest';
import { addTouch, mergeAttribution, startAttribution, type Touch } from './touches.js';

const touch = (at: number, channel: string, source?: string): Touch => ({
  at, channel, trafficChannel: 'direct', utm: source ? { source } : {}, clickIds: {}, landingHost: null, landingPath: null, referrerHost: null,
});

describe('attribution', () => {
  it('keeps the first touch forever and moves the last touch on every return', () => {
    let a = startAttribution(touch(1, 'form', 'google'));
    a = addTouch(a, touch(2, 'webchat', 'newsletter'));
    a = addTouch(a, touch(3, 'form', 'linkedin'));
    expect(a.firstTouch.utm.source).toBe('google');
    expect(a.lastTouch.utm.source).toBe('linkedin');
    expect(a.channels).toEqual({ first: 'form', last: 'form', all: ['form', 'webchat'] });
    expect(a.touchCount).toBe(3);
  });

  it('counts a late (older) touch and its channel without making it the last or first', () => {
    const a = addTouch(addTouch(null, touch(10, 'form')), touch(5, 'sms'));
    expect(a.firstTouch.at).toBe(10);
    expect(a.lastTouch.at).toBe(10);
    expect(a.channels).toEqual({ first: 'form', last: 'form', all: ['form', 'sms'] });
    expect(a.touchCount).toBe(2);
  });

  it('merges two leads: earliest first touch, latest last touch, channels in order of first use', () => {
    const older = addTouch(startAttribution(touch(1, 'form')), touch(8, 'email'));
    const newer = addTouch(startAttribution(touch(4, 'whatsapp')), touch(6, 'form'));
    expect(mergeAttribution(newer, older)).toEqual({
      firstTouch: older.firstTouch,
      lastTouch: older.lastTouch,
      channels: { first: 'form', last: 'email', all: ['form', 'email', 'whatsapp'] },
      touchCount: 4,
    });
    expect(mergeAttribution(null, older)).toBe(older);
    expect(mergeAttribution(older, undefined)).toBe(older);
    expect(mergeAttribution(null, null)).toBeNull();
  });
});
