import { describe, expect, it } from 'vitest';
import { ownerCalendar } from '../routing/availability.js';
import { ownerSchema } from '../routing/routing.schema.js';
import { HOUR, NOW } from '../scoring/test-builders.js';
import { followupConfigSchema } from './followup.schema.js';
import { computeSla, evaluateSla, firstContactAt } from './sla.js';
import { slaPolicySchema } from './sla.schema.js';

const { sla } = followupConfigSchema.parse({});
const calendarOf = (owner: object) => ownerCalendar(ownerSchema.parse({ name: 'X', ...owner }));
const warsaw = calendarOf({ timeZone: 'Europe/Warsaw' });
const newYork = calendarOf({ timeZone: 'America/New_York' });
const at = (iso: string): number => Date.parse(iso);

describe('computeSla per segment (SPEC §8: hot 1 h, warm same working day, cold 24 h)', () => {
  it('hot: one working hour of the owner', () => {
    expect(computeSla('hot', NOW, warsaw, sla)).toMatchObject({ policy: 'hot', label: 'Call back within 1 hour', clock: 'working', dueAt: NOW + HOUR });
    // Friday 16:30 in Warsaw → Monday 09:30
    expect(computeSla('hot', at('2026-11-20T15:30:00Z'), warsaw, sla).dueAt).toBe(at('2026-11-23T08:30:00Z'));
    // 10:00 in Warsaw is 04:00 for a New York owner: due 10:00 New York time
    expect(computeSla('hot', NOW, newYork, sla).dueAt).toBe(at('2026-11-23T15:00:00Z'));
  });

  it('hot skips the owner\'s out-of-office days and holidays', () => {
    const away = calendarOf({ timeZone: 'Europe/Warsaw', outOfOffice: [{ from: '2026-11-23', to: '2026-11-24' }] });
    expect(computeSla('hot', NOW, away, sla).dueAt).toBe(at('2026-11-25T09:00:00Z'));
    const holiday = ownerCalendar(ownerSchema.parse({ name: 'X', timeZone: 'Europe/Warsaw' }), ['2026-11-23']);
    expect(computeSla('hot', NOW, holiday, sla).dueAt).toBe(at('2026-11-24T09:00:00Z'));
  });

  it('warm: the end of the working day, or of the next one after hours', () => {
    expect(computeSla('warm', NOW, warsaw, sla)).toMatchObject({ clock: 'end-of-working-day', dueAt: at('2026-11-23T16:00:00Z') });
    expect(computeSla('warm', at('2026-11-27T17:00:00Z'), warsaw, sla).dueAt).toBe(at('2026-11-30T16:00:00Z'));
  });

  it('cold and unknown segments: 24 calendar hours', () => {
    expect(computeSla('cold', NOW, warsaw, sla)).toMatchObject({ policy: 'cold', clock: 'calendar', dueAt: NOW + 24 * HOUR });
    expect(computeSla(null, NOW, warsaw, sla)).toMatchObject({ policy: 'default', dueAt: NOW + 24 * HOUR });
  });

  it('schedules escalations after the deadline: breach, then the manager 2 h later', () => {
    expect(computeSla('hot', NOW, warsaw, sla).escalations).toEqual([
      { level: 1, at: NOW + HOUR, notify: ['owner', 'slack'] },
      { level: 2, at: NOW + 3 * HOUR, notify: ['manager', 'slack'] },
    ]);
  });

  it('counts calendar time when a working clock has no working time at all', () => {
    const never = { timeZone: 'UTC', hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, closedDates: [] };
    expect(computeSla('hot', NOW, never, sla).dueAt).toBe(NOW + HOUR);
  });
});

describe('evaluateSla and speed-to-lead', () => {
  const timer = computeSla('hot', NOW, warsaw, sla);
  it('is pending with time left, met on time, breached without or with late contact', () => {
    expect(evaluateSla(timer, null, NOW + 20 * 60_000)).toEqual({ state: 'pending', speedToLeadMs: null, breachedAt: null, remainingMs: 40 * 60_000 });
    expect(evaluateSla(timer, NOW + 30 * 60_000, NOW + 2 * HOUR)).toEqual({ state: 'met', speedToLeadMs: 30 * 60_000, breachedAt: null, remainingMs: null });
    expect(evaluateSla(timer, null, NOW + HOUR + 1)).toMatchObject({ state: 'breached', breachedAt: NOW + HOUR, remainingMs: -1 });
    expect(evaluateSla(timer, NOW + 2 * HOUR, NOW + 3 * HOUR)).toMatchObject({ state: 'breached', speedToLeadMs: 2 * HOUR, breachedAt: NOW + HOUR });
  });

  it('takes the first `contacted` event after receipt', () => {
    const events = [
      { type: 'contacted', at: NOW - HOUR },
      { type: 'pricing_page_view', at: NOW + 60_000 },
      { type: 'contacted', at: NOW + 50 * 60_000 },
      { type: 'contacted', at: NOW + 20 * 60_000 },
    ];
    expect(firstContactAt(events, NOW)).toBe(NOW + 20 * 60_000);
    expect(firstContactAt([], NOW)).toBeNull();
  });
});

describe('SLA config', () => {
  it('needs exactly one of within and until, and a default policy', () => {
    expect(slaPolicySchema.safeParse({ within: '1h', until: 'end-of-working-day' }).success).toBe(false);
    expect(slaPolicySchema.safeParse({}).success).toBe(false);
    expect(slaPolicySchema.parse({ within: '90m' }).within).toBe(90 * 60_000);
    expect(followupConfigSchema.safeParse({ sla: { hot: { within: '1h' } } }).error?.issues[0]?.message).toMatch(/default/);
  });
});
