import { describe, expect, it } from 'vitest';
import { quietHoursSchema } from './duration.js';
import { nextSendableTime, personTimeZone } from './quiet-hours.js';

const night = quietHoursSchema.parse({ from: '20:00', to: '08:00' });
const at = (iso: string): number => Date.parse(iso);

describe('personTimeZone', () => {
  it('takes IANA names and whole-hour offsets, else the fallback', () => {
    expect(personTimeZone('Europe/Warsaw', 'UTC')).toBe('Europe/Warsaw');
    expect(personTimeZone('+02:00', 'UTC')).toBe('Etc/GMT-2');
    expect(personTimeZone('UTC-5', 'UTC')).toBe('Etc/GMT+5');
    expect(personTimeZone('+05:30', 'Europe/Warsaw')).toBe('Europe/Warsaw');
    expect(personTimeZone('Nowhere/City', 'UTC')).toBe('UTC');
    expect(personTimeZone(undefined, 'UTC')).toBe('UTC');
  });
});

describe('nextSendableTime in the person\'s zone', () => {
  it('waits out an overnight quiet window', () => {
    // Tuesday 21:00 in Warsaw → Wednesday 08:00
    expect(nextSendableTime(at('2026-11-24T20:00:00Z'), 'Europe/Warsaw', night, true)).toBe(at('2026-11-25T07:00:00Z'));
    // Tuesday 06:00 → 08:00 the same day
    expect(nextSendableTime(at('2026-11-24T05:00:00Z'), 'Europe/Warsaw', night, true)).toBe(at('2026-11-24T07:00:00Z'));
    // noon is fine
    expect(nextSendableTime(at('2026-11-24T11:00:00Z'), 'Europe/Warsaw', night, true)).toBe(at('2026-11-24T11:00:00Z'));
  });

  it('the same instant is night for one person and day for another', () => {
    const t = at('2026-11-24T04:00:00Z'); // 05:00 Warsaw, 23:00 New York (Monday)
    expect(nextSendableTime(t, 'Europe/Warsaw', night, true)).toBe(at('2026-11-24T07:00:00Z'));
    expect(nextSendableTime(t, 'America/New_York', night, true)).toBe(at('2026-11-24T13:00:00Z'));
    expect(nextSendableTime(t, 'Asia/Tokyo', night, true)).toBe(t); // 13:00 in Tokyo
  });

  it('waits for Monday morning at a weekend unless weekends are allowed', () => {
    const saturdayNoon = at('2026-11-28T11:00:00Z');
    expect(nextSendableTime(saturdayNoon, 'Europe/Warsaw', night, true)).toBe(at('2026-11-30T07:00:00Z'));
    expect(nextSendableTime(saturdayNoon, 'Europe/Warsaw', night, false)).toBe(saturdayNoon);
  });

  it('handles a daytime quiet window', () => {
    const lunch = quietHoursSchema.parse({ from: '12:00', to: '13:00' });
    expect(nextSendableTime(at('2026-11-24T12:30:00Z'), 'UTC', lunch, false)).toBe(at('2026-11-24T13:00:00Z'));
    expect(nextSendableTime(at('2026-11-24T11:30:00Z'), 'UTC', lunch, false)).toBe(at('2026-11-24T11:30:00Z'));
  });
});
