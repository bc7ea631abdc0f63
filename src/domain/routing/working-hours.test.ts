import { describe, expect, it } from 'vitest';
import { HOUR, NOW } from '../scoring/test-builders.js';
import { workingHoursSchema, type WorkingCalendar } from './calendar.schema.js';
import {
  addWorkingTime, cachedDays, DAY_CACHE_SIZE, endOfWorkingDay, isWorkingAt, localTime, nextWorkingStart, workingTimeBetween, zonedInstant, zoneOffsetMs,
} from './working-hours.js';

const office = (timeZone: string, closedDates: string[] = []): WorkingCalendar => ({ timeZone, hours: workingHoursSchema.parse({}), closedDates });
const warsaw = office('Europe/Warsaw');
const newYork = office('America/New_York');
const at = (iso: string): number => Date.parse(iso);

describe('zoned time through Intl', () => {
  it('reads the local date, weekday and minutes', () => {
    expect(localTime(NOW, 'Europe/Warsaw')).toEqual({ date: '2026-11-23', weekday: 'mon', minutes: 600 });
    expect(localTime(NOW, 'America/Los_Angeles')).toEqual({ date: '2026-11-23', weekday: 'mon', minutes: 60 });
    expect(localTime(NOW, 'Pacific/Auckland')).toMatchObject({ date: '2026-11-23', weekday: 'mon', minutes: 22 * 60 });
  });

  it('handles quarter-hour zones and half-hour summer-time shifts', () => {
    expect(localTime(NOW, 'Asia/Kathmandu').minutes).toBe(14 * 60 + 45);
    // Lord Howe Island moves from +10:30 to +11:00 at 15:30 UTC on 3 Oct 2026
    expect(zoneOffsetMs(at('2026-10-03T15:29:59Z'), 'Australia/Lord_Howe')).toBe(10.5 * HOUR);
    expect(zoneOffsetMs(at('2026-10-03T15:30:00Z'), 'Australia/Lord_Howe')).toBe(11 * HOUR);
  });

  it('follows summer time on both sides of the change', () => {
    expect(zoneOffsetMs(at('2026-01-15T12:00:00Z'), 'Europe/Warsaw')).toBe(HOUR);
    expect(zoneOffsetMs(at('2026-07-15T12:00:00Z'), 'Europe/Warsaw')).toBe(2 * HOUR);
    expect(zonedInstant('2026-03-28', 540, 'Europe/Warsaw')).toBe(at('2026-03-28T08:00:00Z'));
    expect(zonedInstant('2026-03-29', 540, 'Europe/Warsaw')).toBe(at('2026-03-29T07:00:00Z'));
    expect(zonedInstant('2026-10-25', 540, 'Europe/Warsaw')).toBe(at('2026-10-25T08:00:00Z'));
    expect(zonedInstant('2026-03-29', 150, 'Europe/Warsaw')).toBe(at('2026-03-29T01:30:00Z')); // 02:30 does not exist
  });
});

describe('working calendar', () => {
  it('knows working time per zone, weekday and closed date', () => {
    expect(isWorkingAt(warsaw, NOW)).toBe(true);
    expect(isWorkingAt(newYork, NOW)).toBe(false); // 04:00 in New York
    expect(isWorkingAt(warsaw, at('2026-11-21T10:00:00Z'))).toBe(false); // Saturday
    expect(isWorkingAt(office('Europe/Warsaw', ['2026-11-23']), NOW)).toBe(false);
    expect(isWorkingAt(warsaw, at('2026-11-23T16:00:00Z'))).toBe(false); // 17:00 ends the day
  });

  it('finds the next working start', () => {
    expect(nextWorkingStart(warsaw, NOW)).toBe(NOW);
    expect(nextWorkingStart(warsaw, at('2026-11-21T10:00:00Z'))).toBe(at('2026-11-23T08:00:00Z'));
    expect(nextWorkingStart(newYork, NOW)).toBe(at('2026-11-23T14:00:00Z'));
    const never: WorkingCalendar = { timeZone: 'UTC', hours: workingHoursSchema.parse({ mon: [], tue: [], wed: [], thu: [], fri: [] }), closedDates: [] };
    expect(nextWorkingStart(never, NOW)).toBeNull();
  });

  it('adds working time across evenings, weekends and time zones', () => {
    expect(addWorkingTime(warsaw, NOW, HOUR)).toBe(NOW + HOUR);
    // Friday 16:30 in New York + 1 working hour → Monday 09:30 New York
    expect(addWorkingTime(newYork, at('2026-11-20T21:30:00Z'), HOUR)).toBe(at('2026-11-23T14:30:00Z'));
    // Saturday in Warsaw + 2 h → Monday 11:00
    expect(addWorkingTime(warsaw, at('2026-11-21T10:00:00Z'), 2 * HOUR)).toBe(at('2026-11-23T10:00:00Z'));
    // a closed Monday moves it to Tuesday
    expect(addWorkingTime(office('Europe/Warsaw', ['2026-11-23']), at('2026-11-21T10:00:00Z'), HOUR)).toBe(at('2026-11-24T09:00:00Z'));
  });

  it('honours split days (lunch break)', () => {
    const split: WorkingCalendar = { timeZone: 'UTC', hours: workingHoursSchema.parse({ mon: ['09:00-12:00', '13:00-17:00'] }), closedDates: [] };
    expect(addWorkingTime(split, at('2026-11-23T11:30:00Z'), HOUR)).toBe(at('2026-11-23T13:30:00Z'));
    expect(endOfWorkingDay(split, at('2026-11-23T10:00:00Z'))).toBe(at('2026-11-23T17:00:00Z'));
    expect(workingTimeBetween(split, at('2026-11-23T08:00:00Z'), at('2026-11-23T14:00:00Z'))).toBe(4 * HOUR);
  });

  it('ends the working day it is in, or the next one after hours', () => {
    expect(endOfWorkingDay(warsaw, NOW)).toBe(at('2026-11-23T16:00:00Z'));
    expect(endOfWorkingDay(warsaw, at('2026-11-23T17:30:00Z'))).toBe(at('2026-11-24T16:00:00Z'));
    expect(endOfWorkingDay(warsaw, at('2026-11-27T18:00:00Z'))).toBe(at('2026-11-30T16:00:00Z')); // Friday evening → Monday
  });

  it('counts working time between two instants', () => {
    expect(workingTimeBetween(warsaw, at('2026-11-20T15:00:00Z'), at('2026-11-23T09:00:00Z'))).toBe(2 * HOUR);
  });

  it('rejects malformed and backwards intervals', () => {
    expect(workingHoursSchema.safeParse({ mon: ['9-17'] }).success).toBe(false);
    expect(workingHoursSchema.safeParse({ mon: ['17:00-09:00'] }).success).toBe(false);
    expect(workingHoursSchema.parse({ sat: ['00:00-24:00'] }).sat).toEqual([{ from: 0, to: 1440 }]);
  });
});

describe('the per-calendar day cache', () => {
  it('stays bounded over years of days and answers as a fresh calendar does', () => {
    const cal = office('Europe/Warsaw');
    const day = 86_400_000;
    for (let i = 0; i < DAY_CACHE_SIZE * 3; i++) addWorkingTime(cal, NOW + i * day, 9 * HOUR);
    expect(cachedDays(cal)).toBeLessThanOrEqual(DAY_CACHE_SIZE);
    const later = NOW + 1000 * day;
    expect(addWorkingTime(cal, later, 10 * HOUR)).toBe(addWorkingTime(office('Europe/Warsaw'), later, 10 * HOUR));
    expect(endOfWorkingDay(cal, later)).toBe(endOfWorkingDay(office('Europe/Warsaw'), later));
  });
});

describe('localTime within one minute', () => {
  const reference = (ms: number, timeZone: string) => {
    const p = Object.fromEntries(
      new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', weekday: 'short' })
        .formatToParts(ms).map((x) => [x.type, x.value]),
    );
    return { date: `${p.year}-${p.month}-${p.day}`, weekday: (p.weekday ?? '').toLowerCase(), minutes: Number(p.hour) * 60 + Number(p.minute) };
  };

  it('answers each second of a minute as Intl does, across summer time and a seconds-offset zone', () => {
    // Warsaw around the change to summer time; Amsterdam in 1930 ran at +00:19:32.
    const starts: Array<[string, string]> = [['2026-03-29T00:59:00Z', 'Europe/Warsaw'], ['1930-06-01T11:59:00Z', 'Europe/Amsterdam'], ['2026-11-23T23:59:00Z', 'Asia/Kathmandu']];
    for (const [iso, zone] of starts) {
      for (let s = 0; s < 150; s += 7) {
        const ms = at(iso) + s * 1000;
        const got = localTime(ms, zone);
        expect(got, `${zone} +${s}s`).toEqual(reference(ms, zone));
        got.minutes = -1; // a caller's change must not reach the next caller
      }
    }
  });
});
