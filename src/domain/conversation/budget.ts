import { findQuantities, maskSpans, type Quantity } from './numbers.js';
import { fold, hasPhrase } from './text.js';

/**
 * Budgets from one message: amounts, ranges, currencies and words — "40 000–80 000 zł",
 * "40-80k PLN", "$50k", "około 100 tys.", "half a million", "do 50 tys. miesięcznie". An amount
 * counts as a budget when it carries a currency, when the message talks about a budget, or when it
 * answers the bot's budget question; amounts of people, days, licences or percent never do.
 */

export interface Budget {
  min: number | null;
  max: number | null;
  /** ISO 4217, or null when neither the message nor the language default names one. */
  currency: string | null;
  period: 'month' | 'year' | null;
  approximate: boolean;
}

export interface BudgetFound {
  budget: Budget;
  /** 3 = the message talks about a budget, 2 = a currency was named, 1 = an answer to the bot's question. */
  strength: number;
  text: string;
}

const CURRENCIES: ReadonlyArray<[RegExp, string]> = [
  [/^(zl|pln|zlotych|zlote|zloty|zlocisz\w*)$/, 'PLN'],
  [/^(\$|usd|dolar\w*|dollars?|bucks)$/, 'USD'],
  [/^(€|eur|euro|eurosow)$/, 'EUR'],
  [/^(£|gbp|funt\w*|pounds?)$/, 'GBP'],
  [/^(chf|frank\w*)$/, 'CHF'],
];
const CURRENCY_TOKEN = /(?<![\p{L}])(zl|pln|zlotych|zlote|zloty|usd|dolar\p{L}*|dollars?|bucks|eur|euro|gbp|funt\p{L}*|pounds?|chf|frank\p{L}*)(?![\p{L}])|[$€£]/gu;

const BUDGET_WORDS = ['budget*', 'budzet*', 'spend', 'spending', 'afford', 'invest*', 'przeznacz*', 'wydac', 'wydamy', 'kwot*', 'do dyspozycji', 'stac nas', 'srodki', 'srodkow', 'mamy na to', 'we have around', 'we can pay', 'mozemy zaplacic', 'zaplacic', 'pay up to'];
const NON_MONEY_UNIT = /^\s*(?:-\s*)?(?:osob\p{L}*|os\.|pracownik\p{L}*|ludzi|people|persons?|employees?|staff|users?|uzytkownik\p{L}*|seats?|stanowisk\p{L}*|licenc\p{L}*|licenses?|licences?|dni|dzien|days?|tygodn\p{L}*|weeks?|miesiac\p{L}*|miesiecy|miesiace|months?|lat|lata|roku|years?|%|procent\p{L}*|percent|km|m2|sztuk\p{L}*|szt\.?|aut|samochod\p{L}*|vehicles?|trucks?|h|godzin\p{L}*|hours?|minut\p{L}*|minutes?|sklep\p{L}*|stores?|locations?|lokalizac\p{L}*|oddzial\p{L}*|branches?|x)(?![\p{L}])/u;
const APPROX = /(?:okolo|ok\.|circa|ca\.|about|around|roughly|approximately|approx\.?|~|mniej wiecej|rzedu|w granicach|somewhere around)\s*$/u;
const UP_TO = /(?:up to|do|max\.?|maximum|maksymalnie|nie wiecej niz|no more than|under|below|ponizej|less than|not more than|najwyzej|limit)\s*$/u;
const AT_LEAST = /(?:at least|minimum|min\.|co najmniej|przynajmniej|powyzej|above|over|more than|ponad|upwards of|od)\s*$/u;
const RANGE_JOIN = /^\s*(?:[$€£]\s*)?(?:-|to|do|and|a|i|or|lub|albo|\/)\s*(?:[$€£]\s*)?$/u;
const MONTHLY = /^\s*(?:[a-z$€£.]*\s*)?(?:per month|a month|monthly|\/\s?mo(?:nth)?|miesiecznie|mies\.?|na miesiac|\/\s?mc|mc|msc)(?![\p{L}])/u;
const YEARLY = /^\s*(?:[a-z$€£.]*\s*)?(?:per year|a year|annually|yearly|\/\s?y(?:ea)?r|rocznie|na rok|\/\s?rok)(?![\p{L}])/u;

/** Digits that are not amounts: emails, phone numbers, dates, quarters, years. */
const NOISE = new RegExp(
  [
    String.raw`\S+@\S+`,
    String.raw`\+\d[\d \-]{7,}\d`,
    String.raw`(?<!\d)\d{3}[ -]?\d{3}[ -]?\d{3}(?!\d)(?!\s?(?:zl|pln|usd|eur|k|tys|mln|[$€£]))`,
    String.raw`\d{1,4}[./-]\d{1,2}[./-]\d{2,4}`,
    String.raw`\bq[1-4]\b`,
    String.raw`\b(?:19|20)\d{2}\b(?!\s?(?:zl|pln|\$|usd|eur))`,
  ].join('|'),
  'gu',
);

function currencyOf(token: string): string | null {
  for (const [re, code] of CURRENCIES) if (re.test(token)) return code;
  return null;
}

interface Marker {
  code: string;
  index: number;
  end: number;
}

/** A currency written within a few characters before the first or after the last amount. */
function nearCurrency(markers: Marker[], start: number, end: number): string | null {
  const before = markers.find((m) => m.end <= start && start - m.end <= 2);
  const after = markers.find((m) => m.index >= end && m.index - end <= 2);
  return before?.code ?? after?.code ?? null;
}

/** Scales the bare first amount of "40-80k" by the second's magnitude. */
function scaleLow(low: Quantity, high: Quantity): number {
  if (low.scaled || !high.scaled) return low.value;
  for (const mag of [1e9, 1e6, 1e3]) {
    const v = low.value * mag;
    if (v <= high.value && v >= high.value / 100) return v;
  }
  return low.value;
}

export interface BudgetContext {
  /** The bot's previous message asked for the budget. */
  asked: boolean;
  /** Currency of amounts said without one (from the conversation's language). */
  defaultCurrency: string | null;
}

/** The budget a message states, or null. With several amounts, the last budget-like one wins. */
export function findBudget(text: string, context: BudgetContext): BudgetFound | null {
  const canonicalText = text.normalize('NFC');
  const unmasked = fold(canonicalText);
  const noise = [...unmasked.matchAll(NOISE)].map((m) => ({ index: m.index, end: m.index + m[0].length }));
  const folded = maskSpans(unmasked, noise);
  const markers: Marker[] = [...folded.matchAll(CURRENCY_TOKEN)].map((m) => ({ code: currencyOf(m[0]) ?? 'PLN', index: m.index, end: m.index + m[0].length }));
  const talksBudget = hasPhrase(folded, BUDGET_WORDS);
  const quantities = findQuantities(folded);
  const found: BudgetFound[] = [];

  for (let i = 0; i < quantities.length; i++) {
    const low = quantities[i];
    if (!low) continue;
    let high = low;
    const next = quantities[i + 1];
    if (next && RANGE_JOIN.test(folded.slice(low.end, next.index)) && next.value >= low.value) {
      high = next;
      i++;
    }
    const after = folded.slice(high.end);
    if (NON_MONEY_UNIT.test(after.replace(/^\s*(?:[$€£]|zl|pln)?/u, ''))) continue;
    const currency = nearCurrency(markers, low.index, high.end);
    const strength = talksBudget ? 3 : currency ? 2 : context.asked ? 1 : 0;
    if (strength === 0) continue;
    const lowValue = scaleLow(low, high);
    if (!currency && !low.scaled && !high.scaled && high.value < 100) continue;
    const before = folded.slice(Math.max(0, low.index - 25), low.index).replace(/[$€£]\s*$/u, '');
    const ranged = high !== low;
    const upTo = !ranged && UP_TO.test(before);
    const atLeast = !ranged && !upTo && AT_LEAST.test(before);
    const tail = folded.slice(high.end, high.end + 30);
    found.push({
      budget: {
        min: upTo ? null : lowValue,
        max: atLeast ? null : high.value,
        currency: currency ?? context.defaultCurrency,
        period: MONTHLY.test(tail) ? 'month' : YEARLY.test(tail) ? 'year' : null,
        approximate: APPROX.test(before),
      },
      strength,
      text: canonicalText.slice(low.index, high.end).trim(),
    });
  }
  return found.reduce<BudgetFound | null>((best, f) => (!best || f.strength >= best.strength ? f : best), null);
}
