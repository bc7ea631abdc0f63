import { describe, expect, it } from 'vitest';
import { findCompany, findIntroducedName } from './introductions.js';

describe('findIntroducedName', () => {
  it.each([
    ['My name is Anna Nowak and I run marketing', 'Anna Nowak'],
    ['my name is john smith', 'john smith'],
    ["Hi, I'm Tom from Acme", 'Tom'],
    ['Dzień dobry, nazywam się Jan Kowalski.', 'Jan Kowalski'],
    ['Mam na imię Katarzyna', 'Katarzyna'],
    ['Cześć, tu Anna z Acme', 'Anna'],
    ['Jestem Piotr Wiśniewski, dyrektor IT', 'Piotr Wiśniewski'],
    ['Marta here, quick question about pricing', 'Marta'],
    ['Please call me back.\nRegards, Emily Clark', 'Emily Clark'],
    ['Dziękuję za pomoc. Pozdrawiam, Michał', 'Michał'],
  ])('%s → %s', (text, name) => {
    expect(findIntroducedName(text)?.name).toBe(name);
  });

  it.each(["I'm interested in pricing", 'Jestem zainteresowany demo', "I'm the CEO", 'Hi, Thanks for the info'])(
    'finds no name in %s',
    (text) => {
      expect(findIntroducedName(text)).toBeNull();
    },
  );
});

describe('findCompany', () => {
  it.each([
    ['I work at Acme Robotics and we need a CRM', 'Acme Robotics'],
    ["Hi, I'm Tom from Globex Inc.", 'Globex Inc.'],
    ['Cześć, tu Anna z Acme', 'Acme'],
    ['Pracuję w Budmax Sp. z o.o. jako kierownik', 'Budmax Sp. z o.o.'],
    ['Dzwonię z firmy Kowalski Logistyka, mamy 40 aut', 'Kowalski Logistyka'],
    ["I'm the CTO at Initech, we're evaluating tools", 'Initech'],
  ])('%s → %s', (text, company) => {
    expect(findCompany(text)?.company).toBe(company);
  });

  it('skips excluded names and lower-case words', () => {
    expect(findCompany('we are switching from HubSpot', ['HubSpot'])).toBeNull();
    expect(findCompany('I work at a bank')).toBeNull();
  });
});
