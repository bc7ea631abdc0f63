/**
 * Calendar arithmetic on UTC dates for timelines. A "day" is a UTC calendar day; the conversation
 * time passed in decides "today". Periods resolve to their last day ("Q2" → 30 June), because a
 * person naming a period means "by then".
 */

export interface Day {
  y: number;
  /** 1–12. */
  m: number;
  d: number;
}

const DAY_MS = 86_400_000;

export function dayOf(epochMs: number): Day {
  const t = new Date(epochMs);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function toEpoch(day: Day): number {
  return Date.UTC(day.y, day.m - 1, day.d);
}

export function iso(day: Day): string {
  return `${String(day.y).padStart(4, '0')}-${String(day.m).padStart(2, '0')}-${String(day.d).padStart(2, '0')}`;
}

export function addDays(day: Day, days: number): Day {
  return dayOf(toEpoch(day) + days * DAY_MS);
}

export function daysBetween(from: Day, to: Day): number {
  return Math.round((toEpoch(to) - toEpoch(from)) / DAY_MS);
}

export function lastDayOfMonth(y: number, m: number): Day {
  return dayOf(Date.UTC(y, m, 0));
}

export function addMonths(day: Day, months: number): Day {
  const index = day.y * 12 + (day.m - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return { y, m, d: Math.min(day.d, lastDayOfMonth(y, m).d) };
}

export function endOfQuarter(y: number, q: number): Day {
  return lastDayOfMonth(y, q * 3);
}

export function quarterOf(day: Day): number {
  return Math.ceil(day.m / 3);
}

/** Monday-based week: the Sunday that ends the week of `day`. */
export function endOfWeek(day: Day): Day {
  const weekday = (new Date(toEpoch(day)).getUTCDay() + 6) % 7;
  return addDays(day, 6 - weekday);
}

/** The next date (today excluded) falling on `weekday` (0 = Monday). */
export function nextWeekday(day: Day, weekday: number): Day {
  const current = (new Date(toEpoch(day)).getUTCDay() + 6) % 7;
  const ahead = (weekday - current + 7) % 7 || 7;
  return addDays(day, ahead);
}

/** A valid calendar date or null (31 February is not one). */
export function makeDay(y: number, m: number, d: number): Day | null {
  if (m < 1 || m > 12 || d < 1 || d > lastDayOfMonth(y, m).d) return null;
  return { y, m, d };
}

export function before(a: Day, b: Day): boolean {
  return toEpoch(a) < toEpoch(b);
}
