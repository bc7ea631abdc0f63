import { z } from 'zod';

/**
 * Working hours in one IANA time zone: per weekday a list of `HH:MM-HH:MM` intervals (parsed to
 * minutes after local midnight; `24:00` ends a day), plus dates that are closed. Shared by owners
 * (routing, reminders, SLA clocks) and by the follow-up section.
 */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface MinuteInterval {
  from: number;
  to: number;
}

const INTERVAL = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/;

export const intervalSchema = z
  .string()
  .regex(INTERVAL, 'expected HH:MM-HH:MM, e.g. 09:00-17:00')
  .transform((s, ctx): MinuteInterval => {
    const m = INTERVAL.exec(s) as RegExpExecArray;
    const from = Number(m[1]) * 60 + Number(m[2]);
    const to = Number(m[3]) * 60 + Number(m[4]);
    if (to > 24 * 60 || to <= from) ctx.addIssue({ code: 'custom', message: 'an interval ends after it starts, within the day (split overnight shifts)' });
    return { from, to };
  });

export const localDateSchema = z.iso.date();

const knownZones = new Map<string, boolean>();

export function isTimeZone(tz: string): boolean {
  let known = knownZones.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size < 1000) knownZones.set(tz, known); // lead input is unbounded; the cache is not
  }
  return known;
}

export const timeZoneSchema = z.string().refine(isTimeZone, { message: 'not an IANA time zone, e.g. Europe/Warsaw' });

const day = (fallback: string[]) => z.array(intervalSchema).prefault(fallback);
const OFFICE = ['09:00-17:00'];

export const workingHoursSchema = z
  .object({ mon: day(OFFICE), tue: day(OFFICE), wed: day(OFFICE), thu: day(OFFICE), fri: day(OFFICE), sat: day([]), sun: day([]) })
  .strict()
  .prefault({});

export type WorkingHours = z.output<typeof workingHoursSchema>;

/** What the calendar functions need; build it from an owner with `ownerCalendar`. */
export interface WorkingCalendar {
  timeZone: string;
  hours: WorkingHours;
  /** Local dates (YYYY-MM-DD) with no working time: holidays, out-of-office days. */
  closedDates: readonly string[];
}
