import { describe, expect, it } from 'vitest';
import { mergeEventDetail, mergeLead, type MergeableLead } from './merge.js';
import { startAttribution, type Touch } from './touches.js';

const options = { volatileFields: ['jobTitle', 'companySize'] };
const touch = (at: number, channel: string): Touch => ({
  at, channel, trafficChannel: 'direct', utm: {}, clickIds: {}, landingHost: null, landingPath: null, referrerHost: null,
});
const lead = (over: Partial<MergeableLead> = {}): MergeableLead => ({
  fields: {},
  secondaryEmails: [],
  secondaryPhones: [],
  channelIds: [],
  attribution: null,
  interactionCount: 1,
  owner: null,
  ...over,
});

const existing = lead({
  fields: { email: 'jan@acme.pl', phone: '+48888784878', firstName: 'J.', lastName: 'Kowalski', company: 'Acme', jobTitle: 'Analyst', companySize: '10-49' },
  channelIds: ['webchat:abc'],
  attribution: startAttribution(touch(1_000, 'form')),
  interactionCount: 3,
  owner: 'anna',
});

describe('mergeLead', () => {
  const incoming = lead({
    fields: { email: 'jan@acme.pl', phone: '+48500100200', firstName: 'Jan', lastName: 'Nowak', jobTitle: 'Head of Sales', companySize: '', budget: '50k' },
    channelIds: ['whatsapp:48500100200', 'webchat:abc'],
    attribution: startAttribution(touch(5_000, 'whatsapp')),
    owner: 'piotr',
  });
  const { lead: merged, changes } = mergeLead(existing, incoming, options);

  it('fills empty fields from the incoming side', () => {
    expect(merged.fields.budget).toBe('50k');
    expect(changes).toContainEqual({ field: 'budget', rule: 'filled', before: null, after: '50k' });
  });

  it('takes the newer non-empty value for volatile fields, and ignores an empty one', () => {
    expect(merged.fields.jobTitle).toBe('Head of Sales');
    expect(merged.fields.companySize).toBe('10-49');
    expect(changes).toContainEqual({ field: 'jobTitle', rule: 'newer-wins', before: 'Analyst', after: 'Head of Sales' });
  });

  it('keeps other existing values, except an initial the incoming name completes', () => {
    expect(merged.fields.lastName).toBe('Kowalski');
    expect(merged.fields.firstName).toBe('Jan');
    expect(changes).toContainEqual({ field: 'firstName', rule: 'more-complete', before: 'J.', after: 'Jan' });
  });

  it('keeps a conflicting phone as secondary, never as a replacement (same email, different phone)', () => {
    expect(merged.fields.phone).toBe('+48888784878');
    expect(merged.secondaryPhones).toEqual(['+48500100200']);
  });

  it('unions channels, keeps first touch, takes the latest last touch, counts the interaction and keeps the owner', () => {
    expect(merged.channelIds).toEqual(['webchat:abc', 'whatsapp:48500100200']);
    expect(merged.attribution?.firstTouch.at).toBe(1_000);
    expect(merged.attribution?.lastTouch.at).toBe(5_000);
    expect(merged.attribution?.channels).toEqual({ first: 'form', last: 'whatsapp', all: ['form', 'whatsapp'] });
    expect(merged.interactionCount).toBe(4);
    expect(merged.owner).toBe('anna');
  });

  it('does not modify its inputs', () => {
    expect(existing.fields.jobTitle).toBe('Analyst');
    expect(existing.secondaryPhones).toEqual([]);
  });

  it('keeps a conflicting email as secondary, once, and recognises Gmail-folded spellings as the same', () => {
    const base = lead({ fields: { email: 'jan.kowalski@gmail.com' } });
    const other = mergeLead(base, lead({ fields: { email: 'jan@acme.pl' } }), options).lead;
    expect(other.fields.email).toBe('jan.kowalski@gmail.com');
    expect(other.secondaryEmails).toEqual(['jan@acme.pl']);
    expect(mergeLead(other, lead({ fields: { email: 'jan@acme.pl' } }), options).lead.secondaryEmails).toEqual(['jan@acme.pl']);
    expect(mergeLead(base, lead({ fields: { email: 'jankowalski@gmail.com' } }), { ...options, emailKeys: { gmailFolding: true, plusTagFoldingDomains: [] } }).lead.secondaryEmails).toEqual([]);
  });

  it('merging a whole lead in unions its secondary identifiers, minus our primaries', () => {
    const other = lead({ fields: { email: 'jan@home.pl' }, secondaryEmails: ['jan@acme.pl', 'jk@old.pl'], secondaryPhones: ['+48888784878', '+48221234567'], interactionCount: 5 });
    const result = mergeLead(existing, other, options).lead;
    expect(result.secondaryEmails).toEqual(['jan@home.pl', 'jk@old.pl']);
    expect(result.secondaryPhones).toEqual(['+48221234567']);
    expect(result.interactionCount).toBe(8);
  });

  it('fills a missing owner from the incoming lead', () => {
    expect(mergeLead(lead(), lead({ owner: 'piotr' }), options).lead.owner).toBe('piotr');
  });

  it('gives the merge event its before/after of the changed fields only', () => {
    const detail = mergeEventDetail({ lead: merged, changes });
    expect(detail.before).toMatchObject({ jobTitle: 'Analyst', firstName: 'J.', interactionCount: 3 });
    expect(detail.after).toMatchObject({ jobTitle: 'Head of Sales', firstName: 'Jan', interactionCount: 4, secondaryPhones: ['+48500100200'] });
    expect(detail.rules.jobTitle).toBe('newer-wins');
    expect(detail.before).not.toHaveProperty('lastName');
  });
});
