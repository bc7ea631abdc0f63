import { describe, expect, it } from 'vitest';
import { decisionMaker, decisionStatement } from './decision-maker.js';

describe('decisionStatement', () => {
  it.each([
    ["I'm the CEO, so it's my call", true],
    ['decyduję o zakupie', true],
    ['Jestem właścicielem firmy', true],
    ['muszę zapytać szefa', false],
    ['Decyzję podejmuje zarząd', false],
    ["I'm the CTO but I need approval from the board", false],
    ["I'm not the decision maker", false],
    ['nie decyduję o tym', false],
    ['What does it cost?', null],
  ])('%s → %s', (text, expected) => {
    expect(decisionStatement(text)).toBe(expected);
  });
});

describe('decisionMaker', () => {
  it('takes the last explicit statement, else a deciding job title', () => {
    expect(decisionMaker(['I decide', 'actually I have to check with my boss'], null)).toBe(false);
    expect(decisionMaker(['hello'], 'Prezes')).toBe(true);
    expect(decisionMaker(['hello'], 'Marketing manager')).toBeNull();
  });
});
