import { z } from 'zod';

/** Durations in config are written `90s`, `5m`, `1h`, `24h`, `2d` (or plain milliseconds) and parsed to ms. */
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/;

export const durationSchema = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(DURATION, 'expected a duration like 5m, 1h, 24h or 2d')
    .transform((s) => {
      const m = DURATION.exec(s) as RegExpExecArray;
      return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
    }),
]);

export type DurationInput = z.input<typeof durationSchema>;

const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** `HH:MM` → minutes after midnight. */
export const clockTimeSchema = z
  .string()
  .regex(CLOCK, 'expected HH:MM')
  .transform((s) => {
    const m = CLOCK.exec(s) as RegExpExecArray;
    return Number(m[1]) * 60 + Number(m[2]);
  });

/** Quiet hours may cross midnight (`from: 20:00, to: 08:00`). */
export const quietHoursSchema = z.object({ from: clockTimeSchema, to: clockTimeSchema }).strict();
export type QuietHours = z.output<typeof quietHoursSchema>;
