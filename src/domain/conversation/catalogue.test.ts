import { describe, expect, it } from 'vitest';
import { matchCatalogue } from './catalogue.js';

const products = [
  { id: 'enterprise', name: 'Enterprise', synonyms: ['plan enterprise'] },
  { id: 'chatbot', name: 'Chatbot', synonyms: ['czat*', 'chat widget'] },
  { id: 'automation', name: 'Automatyzacja', synonyms: ['marketing automation'] },
  { id: 'crm', name: 'CRM', synonyms: [] },
];

describe('matchCatalogue', () => {
  it('matches names, synonyms and Polish case forms, in order of first mention', () => {
    const hits = matchCatalogue(['Interesuje nas automatyzacją marketingu i chatbotem na stronę', 'a ile kosztuje Enterprise?'], products);
    expect(hits.map((h) => h.id)).toEqual(['automation', 'chatbot', 'enterprise']);
  });

  it('matches short names with Polish endings but not inside other words', () => {
    expect(matchCatalogue(['Potrzebujemy CRM-a dla handlowców'], products).map((h) => h.id)).toEqual(['crm']);
    expect(matchCatalogue(['our crmsync tool'], products)).toEqual([]);
  });

  it('counts mentions', () => {
    expect(matchCatalogue(['chatbot, chatbota, czatu'], products)[0]).toMatchObject({ id: 'chatbot', mentions: 3 });
  });
});
