import {
  addDays, addMonths, before, dayOf, daysBetween, endOfQuarter, endOfWeek, iso, lastDayOfMonth, makeDay, nextWeekday, quarterOf, type Day,
} from './calendar.js';
import { findQuantities } from './numbers.js';
import { fold, hasPhrase } from './text.js';

/**
 * Timelines from one message, relative and absolute: "Q2", "w przyszłym miesiącu", "within two
 * weeks", "do końca roku", "15 marca", "2026-06-30", "ASAP". Each resolves to a target date (the
 * last day of a named period) and the number of days from the conversation's day. Statements about
 * the past ("two weeks ago", "od tygodnia") are not timelines.
 */

export interface Timeline {
  /** YYYY-MM-DD. */
  targetDate: string;
  withinDays: number;
  /** The words the visitor used. */
  label: string;
}

export interface TimelineFound {
  timeline: Timeline;
  /** 2 = said next to a start/rollout/decision word or answering the bot's question, 1 = otherwise. */
  strength: number;
}

export interface TimelineOptions {
  asapDays: number;
  fewUnits: number;
  asked: boolean;
}

type Resolver = (m: RegExpMatchArray, today: Day, options: TimelineOptions) => Day | null;

const MONTHS: ReadonlyArray<RegExp> = [
  /^(jan\w*|stycz\w*|styczn\w*)$/, /^(feb\w*|lut\w*)$/, /^(mar(ch)?|marz\w*|marc\w*)$/, /^(apr\w*|kwie\w*)$/,
  /^(may|maj|maja|maju)$/, /^(jun\w*|czerw\w*)$/, /^(jul\w*|lip\w*)$/, /^(aug\w*|sierp\w*)$/, /^(sep\w*|wrze\w*)$/,
  /^(oct\w*|pazdz\w*)$/, /^(nov\w*|listopad\w*)$/, /^(dec\w*|grud\w*)$/,
];
const MONTH = String.raw`(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|stycz\p{L}*|lut\p{L}*|marz\p{L}*|marc\p{L}*|kwie\p{L}*|maj|maja|maju|czerw\p{L}*|lip\p{L}*|sierp\p{L}*|wrze\p{L}*|pazdziern\p{L}*|listopad\p{L}*|grud\p{L}*)`;
const UNIT = String.raw`(days?|dni|dnia|dzien|weeks?|tygodni\p{L}*|tydzien|months?|miesiac\p{L}*|miesiecy|miesiace|years?|rok|roku|lat|lata)`;
const WEEKDAYS: ReadonlyArray<RegExp> = [/^(monday|poniedzial\w*)$/, /^(tuesday|wtor\w*)$/, /^(wednesday|srod\w*)$/, /^(thursday|czwart\w*)$/, /^(friday|piat\w*)$/];

function monthNumber(word: string): number {
  return MONTHS.findIndex((re) => re.test(word)) + 1;
}

/** A month (and day) in the future: this year, or next year once it has passed. */
function upcoming(today: Day, m: number, d: number | 'end', year?: number): Day | null {
  const pick = (y: number) => (d === 'end' ? lastDayOfMonth(y, m) : makeDay(y, m, d));
  const day = pick(year ?? today.y);
  if (!day || year !== undefined || !before(day, today)) return day;
  return pick(today.y + 1);
}

function ordinal(word: string): number {
  if (/^(1|i|first|1st|pierwsz\w*)$/.test(word)) return 1;
  if (/^(2|ii|second|2nd|drug\w*)$/.test(word)) return 2;
  if (/^(3|iii|third|3rd|trzeci\w*)$/.test(word)) return 3;
  if (/^(4|iv|fourth|4th|czwart\w*)$/.test(word)) return 4;
  return 0;
}

function fullYear(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const n = Number(text.replace(/\D/g, ''));
  return n < 100 ? 2000 + n : n;
}

function quarterEnd(today: Day, q: number, year?: number): Day | null {
  if (q < 1 || q > 4) return null;
  if (year !== undefined) return endOfQuarter(year, q);
  return q < quarterOf(today) ? endOfQuarter(today.y + 1, q) : endOfQuarter(today.y, q);
}

function span(today: Day, amount: number, unit: string): Day {
  if (/^(d|dn|dzien)/.test(unit)) return addDays(today, amount);
  if (/^(w|tyd|tyg)/.test(unit)) return addDays(today, Math.round(amount * 7));
  if (/^(mon|mies)/.test(unit)) return addMonths(today, Math.round(amount)) ;
  return addMonths(today, Math.round(amount * 12));
}

const RULES: ReadonlyArray<[RegExp, Resolver]> = [
  [/\b(?:asap|as soon as possible|immediately|right away|urgent\p{L}*|jak najszybciej|pilnie|pilne|od zaraz|natychmiast\p{L}*|od razu|na wczoraj)(?![\p{L}])/gu, (_m, t, o) => addDays(t, o.asapDays)],
  [/\b(?:day after tomorrow|pojutrze)(?![\p{L}])/gu, (_m, t) => addDays(t, 2)],
  [/\b(?:tomorrow|jutro)(?![\p{L}])/gu, (_m, t) => addDays(t, 1)],
  [/\b(?:today|dzis|dzisiaj)(?![\p{L}])/gu, (_m, t) => t],
  [/\b(?:end of (?:the )?year|year[- ]end|do konca roku|koniec roku|koncem roku|przed koncem roku|na koniec roku|by the end of (?:the|this) year)(?![\p{L}])/gu, (_m, t) => lastDayOfMonth(t.y, 12)],
  [/\b(?:end of (?:the )?month|do konca miesiaca|koniec miesiaca|koncem miesiaca)(?![\p{L}])/gu, (_m, t) => lastDayOfMonth(t.y, t.m)],
  [/\b(?:end of (?:the )?quarter|do konca kwartalu|koniec kwartalu)(?![\p{L}])/gu, (_m, t) => endOfQuarter(t.y, quarterOf(t))],
  [/\b(?:next week|w przyszlym tygodniu|przyszly tydzien|w nastepnym tygodniu)(?![\p{L}])/gu, (_m, t) => endOfWeek(addDays(t, 7))],
  [/\b(?:this week|w tym tygodniu)(?![\p{L}])/gu, (_m, t) => endOfWeek(t)],
  [/\b(?:next month|w przyszlym miesiacu|przyszly miesiac|od przyszlego miesiaca|w nastepnym miesiacu)(?![\p{L}])/gu, (_m, t) => { const n = addMonths({ ...t, d: 1 }, 1); return lastDayOfMonth(n.y, n.m); }],
  [/\b(?:this month|w tym miesiacu)(?![\p{L}])/gu, (_m, t) => lastDayOfMonth(t.y, t.m)],
  [/\b(?:next quarter|w przyszlym kwartale|w nastepnym kwartale|przyszly kwartal)(?![\p{L}])/gu, (_m, t) => (quarterOf(t) === 4 ? endOfQuarter(t.y + 1, 1) : endOfQuarter(t.y, quarterOf(t) + 1))],
  [/\b(?:this quarter|w tym kwartale)(?![\p{L}])/gu, (_m, t) => endOfQuarter(t.y, quarterOf(t))],
  [/\b(?:next year|w przyszlym roku|przyszly rok|od nowego roku|w nastepnym roku)(?![\p{L}])/gu, (_m, t) => lastDayOfMonth(t.y + 1, 12)],
  [/\b(?:this year|w tym roku)(?![\p{L}])/gu, (_m, t) => lastDayOfMonth(t.y, 12)],
  [/\bq([1-4])(?:\s*(?:'|20)?(\d{2}))?(?![\p{L}\d])/gu, (m, t) => quarterEnd(t, Number(m[1]), fullYear(m[2]))],
  [/\b(first|second|third|fourth|1st|2nd|3rd|4th|pierwsz\p{L}*|drug\p{L}*|trzeci\p{L}*|czwart\p{L}*|i|ii|iii|iv) (?:quarter|kwartal\p{L}*)(?: (?:of )?(20\d{2}))?/gu, (m, t) => quarterEnd(t, ordinal(m[1] ?? ''), fullYear(m[2]))],
  [/\bh([12])(?:\s*(20\d{2}))?(?![\p{L}\d])/gu, (m, t) => { const y = fullYear(m[2]) ?? (m[1] === '1' && t.m > 6 ? t.y + 1 : t.y); return lastDayOfMonth(y, m[1] === '1' ? 6 : 12); }],
  [/\b(first|second|pierwsz\p{L}*|drug\p{L}*) (?:half|polow\p{L}*|polrocz\p{L}*)(?: (?:of )?(?:the )?(next year|this year|przyszlego roku|roku))?/gu, (m, t) => { const h = ordinal(m[1] ?? ''); const y = /next|przyszl/.test(m[2] ?? '') || (h === 1 && t.m > 6) ? t.y + 1 : t.y; return lastDayOfMonth(y, h === 1 ? 6 : 12); }],
  [/\b(20\d{2})-(\d{1,2})-(\d{1,2})\b/gu, (m) => makeDay(Number(m[1]), Number(m[2]), Number(m[3]))],
  [/\b(\d{1,2})[./](\d{1,2})[./](20\d{2}|\d{2})\b/gu, (m) => makeDay(fullYear(m[3]) ?? 0, Number(m[2]), Number(m[1]))],
  [new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?(?: of)? ${MONTH}(?: (20\d{2}))?(?![\p{L}])`, 'gu'), (m, t) => upcoming(t, monthNumber(m[2] ?? ''), Number(m[1]), fullYear(m[3]))],
  [new RegExp(String.raw`\b${MONTH} (\d{1,2})(?:st|nd|rd|th)?(?:,? (20\d{2}))?(?![\p{L}\d])`, 'gu'), (m, t) => upcoming(t, monthNumber(m[1] ?? ''), Number(m[2]), fullYear(m[3]))],
  [new RegExp(String.raw`\b(in|by|before|until|from|early|mid|late|end of|beginning of|w|we|do|od|przed|na|koniec|koncem|poczatek|poczatku|polowa|polowie|w polowie) ${MONTH}(?: (20\d{2}))?(?![\p{L}])`, 'gu'), (m, t) => {
    const month = monthNumber(m[2] ?? '');
    const at = m[1] ?? '';
    // "we may need…": the English modal after the Polish preposition "we" is not May.
    if (m[2] === 'may' && /^(w|we|do|od|na|przed|koniec|koncem|poczat\w*|polow\w*|w polowie)$/.test(at)) return null;
    // "by June" and "from June" mean its first day, "early June" about the 10th, "in June" its last day.
    const d = /^(by|before|until|do|przed|from|od)$/.test(at) ? 1 : /^(early|poczat\w*|beginning of)$/.test(at) ? 10 : /^(mid|polow\w*|w polowie)$/.test(at) ? 15 : 'end';
    return upcoming(t, month, d, fullYear(m[3]));
  }],
  [/\b(?:by|until|before|on|do|w|we|przed) (monday|tuesday|wednesday|thursday|friday|poniedzial\p{L}*|wtor\p{L}*|srod\p{L}*|czwart\p{L}*|piat\p{L}*)(?![\p{L}])/gu, (m, t) => nextWeekday(t, WEEKDAYS.findIndex((re) => re.test(m[1] ?? '')))],
  [new RegExp(String.raw`\b(?:within|in|in the next|over the next|during the next|next|w ciagu|w przeciagu|za|w najblizsz\p{L}*|przez najblizsze|do|around|okolo)(?: (?:a|an|the|one|jeden|jednego))? (?:([\p{L}\d.,]+) )?${UNIT}(?![\p{L}])`, 'gu'), (m, t, o) => {
    // Polish "za ten miesiąc" (for this month) is not the English "ten".
    if (m[1] === 'ten' && !/^(within|in|over|during|next|around)/.test(m[0])) return null;
    const q = m[1] ? findQuantities(m[1], o.fewUnits)[0]?.value ?? null : 1;
    return q === null || q <= 0 ? null : span(t, q, m[2] ?? '');
  }],
];

const PAST_AFTER = /^\s*(?:ago|temu|back)(?![\p{L}])/u;
const PAST_BEFORE = /(?:since|for the (?:last|past)|last|ostatni\p{L}*|przez ostatni\p{L}*|od|juz od|times?|raz|razy)\s*$/u;
/** "budget for this year", "na przyszły rok": a budget period, not a timeline. */
const PERIOD_BEFORE = /(?:for|na|per)\s*$/u;
const START_WORDS = ['start*', 'launch*', 'rollout', 'roll out', 'go live', 'go-live', 'implement*', 'deploy*', 'need it', 'decid*', 'decision', 'sign*', 'wdroz*', 'uruchom*', 'start*', 'zaczac', 'ruszyc', 'potrzebujemy', 'decyzj*', 'podpis*', 'wystartowac', 'deadline', 'termin*', 'timeline', 'plan*'];

/** The timeline a message states, or null; `now` is the conversation's time (epoch ms). */
export function findTimeline(text: string, now: number, options: TimelineOptions): TimelineFound | null {
  const canonicalText = text.normalize('NFC');
  const folded = fold(canonicalText);
  const today = dayOf(now);
  const strength = options.asked || hasPhrase(folded, START_WORDS) ? 2 : 1;
  const taken: Array<[number, number]> = [];
  let best: { day: Day; index: number; label: string } | null = null;
  for (const [re, resolve] of RULES) {
    for (const m of folded.matchAll(re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      if (PAST_AFTER.test(folded.slice(end)) || (PAST_BEFORE.test(folded.slice(Math.max(0, start - 20), start)) && !/^(?:next|przyszl|nastepn)/.test(m[0]))) continue;
      if (/^(?:this|next) year|^(?:w )?(?:tym|przyszly) rok/.test(m[0]) && PERIOD_BEFORE.test(folded.slice(Math.max(0, start - 8), start))) continue;
      const day = resolve(m, today, options);
      if (!day || before(day, today)) continue;
      taken.push([start, end]);
      if (!best || start < best.index) best = { day, index: start, label: canonicalText.slice(start, end) };
    }
  }
  if (!best) return null;
  return { timeline: { targetDate: iso(best.day), withinDays: daysBetween(today, best.day), label: best.label }, strength };
}
