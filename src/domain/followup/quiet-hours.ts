import { isTimeZone } from '../routing/calendar.schema.js';
import { addDays, localTime, zonedInstant } from '../routing/working-hours.js';
import type { QuietHours } from './duration.js';

/**
 * When a message to the person may go out: outside their quiet hours and, when asked, not at a
 * weekend — in the person's own time zone. A person's zone may be an IANA name or a whole-hour
 * offset (`+02:00`, which Intl only knows as `Etc/GMT-2`); anything else uses the fallback.
 */
const OFFSET = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(00))?$/i;

export function personTimeZone(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.trim() === '') return fallback;
  const text = value.trim();
  const m = OFFSET.exec(text);
  if (m) {
    const hours = Number(m[2]);
    if (hours === 0) return 'UTC';
    const tz = `Etc/GMT${m[1] === '+' ? '-' : '+'}${hours}`; // Etc zones count the other way
    return isTimeZone(tz) ? tz : fallback;
  }
  return isTimeZone(text) ? text : fallback;
}

function inQuiet(minutes: number, q: QuietHours): boolean {
  if (q.from === q.to) return false;
  return q.from < q.to ? minutes >= q.from && minutes < q.to : minutes >= q.from || minutes < q.to;
}

/** The first instant at or after `at` when a message may reach the person. */
export function nextSendableTime(at: number, timeZone: string, quiet: QuietHours, skipWeekends: boolean): number {
  let t = at;
  for (let i = 0; i < 8; i++) {
    const local = localTime(t, timeZone);
    if (skipWeekends && (local.weekday === 'sat' || local.weekday === 'sun')) {
      t = zonedInstant(addDays(local.date, local.weekday === 'sat' ? 2 : 1), 0, timeZone); // Monday's quiet hours are checked next
      continue;
    }
    if (!inQuiet(local.minutes, quiet)) return t;
    // past the evening start of an overnight window, the quiet ends tomorrow
    const endsTomorrow = quiet.from > quiet.to && local.minutes >= quiet.from;
    t = zonedInstant(endsTomorrow ? addDays(local.date, 1) : local.date, quiet.to, timeZone);
  }
  return t;
}
