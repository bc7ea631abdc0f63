import { describe, expect, it } from 'vitest';
import { findTimeline } from './timeline.js';

// Monday 23 November 2026, 09:00 UTC.
const NOW = Date.UTC(2026, 10, 23, 9);
const options = { asapDays: 7, fewUnits: 3, asked: false };
const timeline = (text: string) => findTimeline(text, NOW, options)?.timeline ?? null;

describe('findTimeline', () => {
  it.each([
    ['Chcemy wdrożenie w Q2', '2027-06-30', 'Q2'],
    ['Rollout planned for Q4', '2026-12-31', 'Q4'],
    ['Start w przyszłym miesiącu', '2026-12-31', 'w przyszłym miesiącu'],
    ['We need it within two weeks', '2026-12-07', 'within two weeks'],
    ['Musimy ruszyć do końca roku', '2026-12-31', 'do końca roku'],
    ['w ciągu 30 dni', '2026-12-23', 'w ciągu 30 dni'],
    ['za 3 miesiące', '2027-02-23', 'za 3 miesiące'],
    ['go-live on 2027-03-15', '2027-03-15', '2027-03-15'],
    ['start 15.01.2027', '2027-01-15', '15.01.2027'],
    ['ideally by March 10th', '2027-03-10', 'March 10th'],
    ['planujemy start 10 lutego', '2027-02-10', '10 lutego'],
    ['decision in June', '2027-06-30', 'in June'],
    ['do czerwca musimy mieć system', '2027-06-01', 'do czerwca'],
    ['ASAP please', '2026-11-30', 'ASAP'],
    ['next week works', '2026-12-06', 'next week'],
    ['w drugim kwartale przyszłego roku', '2027-06-30', 'drugim kwartale'],
    ['H1 2027', '2027-06-30', 'H1 2027'],
    ['do piątku', '2026-11-27', 'do piątku'],
    ['next year', '2027-12-31', 'next year'],
    ['za kilka tygodni', '2026-12-14', 'za kilka tygodni'],
  ])('%s → %s', (text, date, label) => {
    expect(timeline(text)).toMatchObject({ targetDate: date, label });
  });

  it('counts the days from the conversation day', () => {
    expect(timeline('within a month')).toEqual({ targetDate: '2026-12-23', withinDays: 30, label: 'within a month' });
  });

  it('ignores the past and what is not a timeline', () => {
    expect(timeline('It stopped working two weeks ago')).toBeNull();
    expect(timeline('od tygodnia nie działa logowanie')).toBeNull();
    expect(timeline('We may need more seats')).toBeNull();
    expect(timeline('Mają państwo integrację z SAP?')).toBeNull();
  });

  it('is stronger next to a start word or as an answer to the bot', () => {
    expect(findTimeline('next month', NOW, options)?.strength).toBe(1);
    expect(findTimeline('we want to launch next month', NOW, options)?.strength).toBe(2);
    expect(findTimeline('next month', NOW, { ...options, asked: true })?.strength).toBe(2);
  });
});
