import { describe, expect, it } from 'vitest';
import { extractContact, findEmails, findPhones } from './contact.js';
import type { ConversationMessage } from './transcript.js';

let seq = 0;
const user = (text: string): ConversationMessage => ({ id: `u${++seq}`, role: 'user', text, at: seq });
const bot = (text: string): ConversationMessage => ({ id: `b${++seq}`, role: 'bot', text, at: seq });

describe('findEmails / findPhones', () => {
  it('finds and normalizes emails, also written with (at)', () => {
    expect(findEmails('Mail: Anna.Nowak@Acme.PL.').map((e) => e.value)).toEqual(['anna.nowak@acme.pl']);
    expect(findEmails('jan (at) firma.pl').map((e) => e.value)).toEqual(['jan@firma.pl']);
    const rejected: string[] = [];
    expect(findEmails('anna@@acme', rejected)).toEqual([]);
  });

  it('gives phones in E.164 (SPEC §4: +48 888-78-48-78 → +48888784878) and skips amounts and dates', () => {
    expect(findPhones('tel. +48 888-78-48-78', 'PL').map((p) => p.value)).toEqual(['+48888784878']);
    expect(findPhones('proszę dzwonić 600 100 200', 'PL').map((p) => p.value)).toEqual(['+48600100200']);
    expect(findPhones('budżet 100 000 000 zł, start 2026-03-15', 'PL')).toEqual([]);
    expect(findPhones('call me at (415) 555-2671', 'US').map((p) => p.value)).toEqual(['+14155552671']);
  });
});

describe('extractContact', () => {
  it('reads the SPEC-style Polish introduction with email and phone', () => {
    const r = extractContact(
      [user('Dzień dobry, nazywam się jan KOWALSKI, jestem prezesem w Budmax Sp. z o.o.'), bot('Jaki jest Pana e-mail?'), user('jan.kowalski@budmax.pl, tel. +48 888-78-48-78')],
      {},
      'PL',
    );
    expect(r.contact).toEqual({
      email: 'jan.kowalski@budmax.pl',
      phone: '+48888784878',
      firstName: 'Jan',
      lastName: 'Kowalski',
      company: 'Budmax Sp. z o.o.',
      jobTitle: 'Prezes',
    });
    expect(r.sources.email?.from).toBe('message');
    expect(r.testData).toBe(false);
  });

  it('reads bare answers to the bot questions', () => {
    const r = extractContact([bot("What's your name?"), user('Emily Clark'), bot('And your company?'), user('Northwind Traders')], {}, 'PL');
    expect(r.contact).toMatchObject({ firstName: 'Emily', lastName: 'Clark', company: 'Northwind Traders' });
  });

  it('prefers the last email typed (a correction) and fills gaps from the visitor hints', () => {
    const r = extractContact([user('anna@acme.pl'), user('sorry, it is anna.nowak@acme.pl')], { firstName: 'anna', company: 'acme' }, 'PL');
    expect(r.contact).toMatchObject({ email: 'anna.nowak@acme.pl', firstName: 'Anna', company: 'Acme' });
    expect(r.sources.firstName).toEqual({ from: 'hint', messageId: null });
  });

  // Sentences written for these readings, apart from the evaluation set (bench/extraction).
  it.each([
    ['Apteka Pod Lipą, Katarzyna Mazur, katarzyna@podlipa.pl', 'Apteka Pod Lipą'],
    ['Tomasz z Hurtowni Budmat, tel. 601 222 333', 'Hurtownia Budmat'],
    ['Reed Logistics Ltd, John Reed, +44 20 7946 0958', 'Reed Logistics Ltd'],
    ['olga@vetronix.de — I run procurement at Vetronix.', 'Vetronix'],
    ['Jan Wrona, jan.wrona@gmail.com, Gmail mi wystarcza', null],
    ['Piszę w sprawie biura, jan@biuro-rachunkowe.pl', null],
  ])('reads the company of a contact line: %s → %s', (text, company) => {
    expect(extractContact([user(text)], {}, 'PL').contact.company).toBe(company);
  });

  it('never mines bot messages and flags test data (test@test.test)', () => {
    const r = extractContact([bot('Write to sales@leadwire.io'), user('test@test.test')], {}, 'PL');
    expect(r.contact.email).toBe('test@test.test');
    expect(r.testData).toBe(true);
  });
});
