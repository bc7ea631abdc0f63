import { describe, expect, it } from 'vitest';
import { findJobTitle } from './job-title.js';

describe('findJobTitle', () => {
  it.each([
    ["I'm the CEO of a small agency", 'CEO'],
    ['I am the Head of Sales at Acme.', 'Head of Sales'],
    ["Hi, I'm Anna, marketing manager at Acme", 'Marketing manager'],
    ['I work as a procurement specialist.', 'Procurement specialist'],
    ['Head of Operations here, quick question', 'Head of Operations'],
    ['Jestem dyrektorem sprzedaży w firmie Acme', 'Dyrektor sprzedaży'],
    ['jestem prezesem i to ja decyduję', 'Prezes'],
    ['Pracuję jako kierownik IT.', 'Kierownik IT'],
    ['Jestem specjalistą ds. marketingu', 'Specjalista ds. marketingu'],
    ['Jestem dyrektorem operacyjnym', 'Dyrektor operacyjny'],
  ])('%s → %s', (text, title) => {
    expect(findJobTitle(text)).toBe(title);
  });

  it.each([
    "I'm interested in the manager edition",
    'I am looking for a CRM for our team',
    'Jestem zainteresowany demo',
    'as soon as possible please',
  ])('finds no title in %s', (text) => {
    expect(findJobTitle(text)).toBeNull();
  });
});
