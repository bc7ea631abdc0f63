import { describe, expect, it } from 'vitest';
import { findCompanySize, findIndustry, sizeBand } from './firmographics.js';

describe('findCompanySize', () => {
  it.each([
    ['We have 50 employees', 50, '11-50'],
    ['zatrudniamy 120 osób', 120, '51-200'],
    ['firma 8-osobowa', 8, '1-10'],
    ["we're a 10-person startup", 10, '1-10'],
    ['team of 250 people', 250, '201-500'],
    ['mamy około 1 200 pracowników', 1200, '1001-5000'],
  ])('%s → %s', (text, employees, band) => {
    expect(findCompanySize(text)).toEqual({ employees, band });
  });

  it('does not read money or days as a head count', () => {
    expect(findCompanySize('budżet 50 tys. zł w 30 dni')).toBeNull();
  });

  it('bands like HubSpot', () => {
    expect(sizeBand(1)).toBe('1-10');
    expect(sizeBand(5001)).toBe('5001+');
  });
});

describe('findIndustry', () => {
  it('reads Polish and English industries, and config additions', () => {
    expect(findIndustry(['Prowadzimy sklep internetowy z odzieżą'])).toBe('e-commerce');
    expect(findIndustry(['We are a logistics company with a fleet of 40 trucks'])).toBe('logistics');
    expect(findIndustry(['Jesteśmy kancelarią prawną'])).toBe('legal');
    expect(findIndustry(['we breed alpacas'], { agriculture: ['alpac*'] })).toBe('agriculture');
    expect(findIndustry(['hello'])).toBeNull();
  });
});
