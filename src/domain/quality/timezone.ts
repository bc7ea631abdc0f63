/**
 * A lead's time zone as given (IANA name or a UTC offset) and its offset in minutes at the
 * submission time. The offset depends on the date (summer time), so the time is an argument.
 */
export interface TimeZoneInfo {
  timeZone: string | null;
  offsetMinutes: number;
}

const OFFSET = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

function offsetOfZone(timeZone: string, at: number): number | null {
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((p) => p.type === 'timeZoneName')?.value;
    if (part === undefined) return null;
    if (part === 'GMT') return 0;
    return parseOffset(part.replace(/^GMT/, ''));
  } catch {
    return null; // not an IANA zone this runtime knows
  }
}

function parseOffset(text: string): number | null {
  const m = OFFSET.exec(text.trim());
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (Number(m[2]) > 14 || Number(m[3] ?? 0) > 59) return null;
  return m[1] === '-' ? -minutes : minutes;
}

export function resolveTimeZone(value: string | undefined | null, at: number): TimeZoneInfo | null {
  if (!value || value.trim() === '') return null;
  const text = value.trim();
  if (/^(utc|gmt|z)$/i.test(text)) return { timeZone: 'UTC', offsetMinutes: 0 };
  const fixed = parseOffset(text);
  if (fixed !== null) return { timeZone: null, offsetMinutes: fixed };
  const zoned = offsetOfZone(text, at);
  return zoned === null ? null : { timeZone: text, offsetMinutes: zoned };
}
