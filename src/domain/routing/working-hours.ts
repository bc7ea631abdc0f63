import { WEEKDAYS, type MinuteInterval, type WorkingCalendar } from './calendar.schema.js';
import { cached } from '../../lib/bounded-cache.js';

/**
 * Calendar arithmetic in an owner's (or a person's) time zone, through Intl only. Pure: every
 * function takes the instant it reasons about. Walks at most `HORIZON_DAYS` ahead; a calendar with
 * no working time in that horizon answers `null`.
 */
const HORIZON_DAYS = 400;
// Time zones change offset only on a quarter hour (UTC) in every modern rule, so one Intl call per
// (zone, quarter hour) is enough; Intl costs microseconds and a lead asks dozens of times.
const QUARTER_MS = 15 * 60_000;
const OFFSET_CACHE_SIZE = 4096;
const ZONE_CACHE_SIZE = 64;
const formatters = new Map<string, Intl.DateTimeFormat>();
// Per zone (IANA names: a bounded set), per quarter hour: number keys, no string built per call.
const offsets = new Map<string, Map<number, number>>();

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  weekday: (typeof WEEKDAYS)[number];
  /** Minutes after local midnight. */
  minutes: number;
}

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset from UTC at an instant, in ms (Warsaw in winter: +3,600,000). */
export function zoneOffsetMs(at: number, timeZone: string): number {
  const start = Math.floor(at / QUARTER_MS) * QUARTER_MS;
  const zone = cached(offsets, ZONE_CACHE_SIZE, timeZone, () => new Map<number, number>());
  return cached(zone, OFFSET_CACHE_SIZE, start, () => {
    const p: Record<string, number> = {};
    for (const part of formatter(timeZone).formatToParts(start)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0) - start;
  });
}

const pad = (n: number): string => String(n).padStart(2, '0');

// Per zone, the last UTC minute asked and its answer: routing asks each owner's zone about the same
// minute, and within one minute the answer cannot change when the offset is whole minutes.
const lastMinute = new Map<string, { minute: number; local: LocalTime }>();

export function localTime(at: number, timeZone: string): LocalTime {
  const minute = Math.floor(at / 60_000);
  const hit = lastMinute.get(timeZone);
  if (hit?.minute === minute) return { date: hit.local.date, weekday: hit.local.weekday, minutes: hit.local.minutes };
  const offset = zoneOffsetMs(at, timeZone);
  const wall = new Date(at + offset);
  const local: LocalTime = {
    date: `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    weekday: WEEKDAYS[wall.getUTCDay()] ?? 'sun',
    minutes: wall.getUTCHours() * 60 + wall.getUTCMinutes(),
  };
  if (offset % 60_000 === 0) {
    if (!hit && lastMinute.size >= ZONE_CACHE_SIZE) lastMinute.clear();
    lastMinute.set(timeZone, { minute, local: { ...local } });
  }
  return local;
}

/** The instant a local wall-clock time happens in a zone (a time skipped by DST lands just after the gap). */
export function zonedInstant(date: string, minutes: number, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, 0, minutes);
  const first = wall - zoneOffsetMs(wall, timeZone);
  const second = wall - zoneOffsetMs(first, timeZone);
  return second === first ? first : Math.max(first, second);
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function weekdayOf(date: string): (typeof WEEKDAYS)[number] {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'sun';
}

function intervalsOn(cal: WorkingCalendar, date: string): MinuteInterval[] {
  return cal.closedDates.includes(date) ? [] : cal.hours[weekdayOf(date)];
}

/** One local day of a calendar: its working intervals as instants, and the next day's date. */
interface WorkingDay {
  spans: readonly { start: number; end: number }[];
  next: string;
}

// Per calendar (config-made, so few and long-lived: a WeakMap lets a dropped one go), per local
// date: a lead asks the same few days for its SLA and reminder, and every lead asks today's.
export const DAY_CACHE_SIZE = 1024;
const days = new WeakMap<WorkingCalendar, Map<string, WorkingDay>>();

function workingDay(cal: WorkingCalendar, date: string): WorkingDay {
  let byDate = days.get(cal);
  if (!byDate) days.set(cal, (byDate = new Map()));
  return cached(byDate, DAY_CACHE_SIZE, date, () => ({
    spans: intervalsOn(cal, date).map((iv) => ({ start: zonedInstant(date, iv.from, cal.timeZone), end: zonedInstant(date, iv.to, cal.timeZone) })),
    next: addDays(date, 1),
  }));
}

/** How many days of `cal` are cached (for the bound's test). */
export const cachedDays = (cal: WorkingCalendar): number => days.get(cal)?.size ?? 0;

/** Working intervals as instants, from the local day of `at` onwards, ending after `at`. */
function* workingSpans(cal: WorkingCalendar, at: number): Generator<{ date: string; start: number; end: number }> {
  let date = localTime(at, cal.timeZone).date;
  for (let i = 0; i < HORIZON_DAYS; i++) {
    const day = workingDay(cal, date);
    for (const span of day.spans) if (span.end > at) yield { date, start: span.start, end: span.end };
    date = day.next;
  }
}

export function isWorkingAt(cal: WorkingCalendar, at: number): boolean {
  const local = localTime(at, cal.timeZone);
  if (cal.closedDates.includes(local.date)) return false;
  return cal.hours[local.weekday].some((iv) => local.minutes >= iv.from && local.minutes < iv.to);
}

/** The first instant at or after `at` that is working time. */
export function nextWorkingStart(cal: WorkingCalendar, at: number): number | null {
  for (const span of workingSpans(cal, at)) return Math.max(span.start, at);
  return null;
}

/** `at` plus `durationMs` of working time (an SLA of "1 working hour"). */
export function addWorkingTime(cal: WorkingCalendar, at: number, durationMs: number): number | null {
  let left = durationMs;
  if (left <= 0) return at;
  for (const span of workingSpans(cal, at)) {
    const from = Math.max(span.start, at);
    if (span.end - from >= left) return from + left;
    left -= span.end - from;
  }
  return null;
}

/** Working time between two instants (how much of an SLA clock has run). */
export function workingTimeBetween(cal: WorkingCalendar, from: number, to: number): number {
  let total = 0;
  for (const span of workingSpans(cal, from)) {
    if (span.start >= to) break;
    total += Math.min(span.end, to) - Math.max(span.start, from);
  }
  return total;
}

/** The end of the working day `at` falls in, or of the next working day when `at` is after hours. */
export function endOfWorkingDay(cal: WorkingCalendar, at: number): number | null {
  for (const span of workingSpans(cal, at)) return workingDay(cal, span.date).spans.at(-1)?.end ?? span.end;
  return null;
}
