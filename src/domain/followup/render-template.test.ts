import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES } from './default-templates.js';
import { renderTemplate, SPLIT_CACHE_SIZE, splitCacheSizes } from './render-template.js';

describe('renderTemplate', () => {
  it('fills placeholders and shows sections by presence', () => {
    expect(renderTemplate('Hi{{#name}} {{name}}{{/name}}!', { name: 'Jan' })).toBe('Hi Jan!');
    expect(renderTemplate('Hi{{#name}} {{name}}{{/name}}!', { name: '  ' })).toBe('Hi!');
    expect(renderTemplate('{{^owner}}We{{/owner}}{{#owner}}{{owner}}{{/owner}} will call', {})).toBe('We will call');
    expect(renderTemplate('x={{ missing }}.', {})).toBe('x=.');
  });

  it('drops the lines of standalone section tags', () => {
    const text = 'a\n{{#link}}\nbook: {{link}}\n{{/link}}\nb';
    expect(renderTemplate(text, { link: 'https://cal.example/ann' })).toBe('a\nbook: https://cal.example/ann\nb');
    expect(renderTemplate(text, {})).toBe('a\nb');
  });

  it('never expands placeholders that come from lead data', () => {
    expect(renderTemplate('Hi {{name}}', { name: '{{secret}}', secret: 'x' })).toBe('Hi {{secret}}');
  });

  it('renders the shipped Polish confirmation with the owner and a calendar link', () => {
    const t = DEFAULT_TEMPLATES.confirmation.pl;
    const vars = { firstName: 'Jan', product: 'AI Assistant', ownerName: 'Anna Nowak', calendarLink: 'https://cal.example/anna' };
    expect(renderTemplate(t.subject, vars)).toBe('Dziękujemy, Jan — otrzymaliśmy Twoją wiadomość');
    expect(renderTemplate(t.body, vars)).toBe(
      'Dzień dobry Jan,\n\ndziękujemy za kontakt w sprawie AI Assistant. Anna Nowak odezwie się wkrótce.\n' +
        'Jeśli wolisz, wybierz dogodny termin rozmowy: https://cal.example/anna\nPozdrawiamy',
    );
  });

  it('renders the English confirmation without a name, owner or link', () => {
    expect(renderTemplate(DEFAULT_TEMPLATES.confirmation.en.body, {})).toBe(
      'Hi,\n\nthank you for getting in touch. We will get back to you shortly.\nBest regards',
    );
  });
});

describe('renderTemplate split caches', () => {
  it('stay bounded when every text is new, and render the same as the first time', () => {
    const first = renderTemplate('Hi{{#name}} {{name}}{{/name}}!', { name: 'Jan' });
    for (let i = 0; i < SPLIT_CACHE_SIZE * 3; i++) renderTemplate(`#${i} {{#name}}{{name}}{{/name}}`, { name: String(i) });
    for (const size of splitCacheSizes()) expect(size).toBeLessThanOrEqual(SPLIT_CACHE_SIZE);
    expect(renderTemplate('Hi{{#name}} {{name}}{{/name}}!', { name: 'Jan' })).toBe(first);
    expect(renderTemplate('Hi{{#name}} {{name}}{{/name}}!', {})).toBe('Hi!');
  });

  it('render templates with more sections than an outcome key has bits', () => {
    const text = Array.from({ length: 40 }, (_, i) => `{{#v${i}}}[{{v${i}}}]{{/v${i}}}`).join('');
    const vars = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`v${i}`, i % 3 === 0 ? String(i) : null]));
    const expected = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? `[${i}]` : '')).join('');
    expect(renderTemplate(text, vars)).toBe(expected);
    expect(renderTemplate(text, vars)).toBe(expected);
  });
});
